/**
 * Jest reporter: after a run, the 15 slowest test files with their project and seconds, so a suite that
 * starts to take its time is seen at once (jest.config.js `reporters`).
 */
import path from 'node:path';

const COUNT = 15;

export default class SlowestSuitesReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const suites = results.testResults
      .filter((r) => r.perfStats && r.perfStats.end > r.perfStats.start)
      .map((r) => ({
        file: path.relative(this.rootDir, r.testFilePath),
        project: r.displayName ? r.displayName.name : '',
        seconds: (r.perfStats.end - r.perfStats.start) / 1000,
      }))
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, COUNT);
    if (suites.length === 0) return;
    const projectWidth = Math.max(7, ...suites.map((s) => s.project.length));
    const lines = suites.map(
      (s) => `  ${s.seconds.toFixed(1).padStart(7)} s  ${s.project.padEnd(projectWidth)}  ${s.file}`,
    );
    process.stderr.write(`\nSlowest test files (of ${results.testResults.length}):\n${lines.join('\n')}\n`);
  }
}
