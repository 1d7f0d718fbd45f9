/**
 * Reads a cdk process's output line by line for the fleet's report: the current phase (bundling, deploying…),
 * a short note (diff count, "no changes"), and — for a failure — the few lines that say why, without the stack
 * frames and minified library source that node prints around an exception.
 */
import type { FleetCommand } from './runner';

/** Phases recognised in the cdk CLI's output; the last one matched is the tenant's current phase. */
const PHASES: { pattern: RegExp; phase: string }[] = [
  { pattern: /Bundling asset/, phase: 'bundling' },
  { pattern: /Synthesis time/, phase: 'synthesized' },
  { pattern: /\[(?:Error|Warning) at /, phase: 'validating' },
  { pattern: /start: Building/, phase: 'building assets' },
  { pattern: /start: Publishing/, phase: 'publishing assets' },
  { pattern: /deploying\.\.\./, phase: 'deploying' },
  { pattern: /creating CloudFormation changeset/, phase: 'changeset' },
  { pattern: /(CREATE|UPDATE|DELETE)_IN_PROGRESS/, phase: 'cloudformation' },
  { pattern: /^✅/, phase: 'deployed' },
  { pattern: /^Stack \S+/, phase: 'diffing' },
];

export const FIRST_PHASE = 'starting app';

const ERROR_LINE = /error|❌|fail/i;
const STACK_FRAME = /^\s+at /;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
/** Longer lines are source code dumps (a minified library line), not messages. */
const LONGEST_MESSAGE = 400;
const SHOWN_WIDTH = 200;
const MAX_ERROR_LINES = 12;
/** Indented lines after an error line that explain it (e.g. which property is missing). */
const MAX_DETAIL_LINES = 4;
const TAIL_LINES = 5;

const clip = (line: string) => (line.length > SHOWN_WIDTH ? `${line.slice(0, SHOWN_WIDTH - 1)}…` : line);

export class OutputReader {
  phase = FIRST_PHASE;
  private readonly errors: string[] = [];
  private readonly tail: string[] = [];
  private detailBudget = 0;
  private differing?: number;
  private noChanges = false;

  /** Reads one line; returns the new phase when this line changed it. */
  read(raw: string): string | undefined {
    const line = raw.replace(ANSI, '').trimEnd();
    if (!line.trim() || line.length > LONGEST_MESSAGE || STACK_FRAME.test(line)) {
      if (STACK_FRAME.test(line)) this.detailBudget = 0;
      return undefined;
    }
    this.tail.push(clip(line.trim()));
    if (this.tail.length > TAIL_LINES) this.tail.shift();

    if (ERROR_LINE.test(line)) {
      this.keep(line.trim());
      this.detailBudget = MAX_DETAIL_LINES;
    } else if (this.detailBudget > 0 && /^\s/.test(line)) {
      this.keep(`  ${line.trim()}`);
      this.detailBudget -= 1;
    } else this.detailBudget = 0;

    const differing = /Number of stacks with differences: (\d+)/.exec(line);
    if (differing) this.differing = Number(differing[1]);
    if (/\(no changes\)/.test(line)) this.noChanges = true;

    const next = PHASES.find((p) => p.pattern.test(line.trim()))?.phase;
    if (!next || next === this.phase) return undefined;
    this.phase = next;
    return next;
  }

  private keep(line: string) {
    if (this.errors.length < MAX_ERROR_LINES) this.errors.push(clip(line));
  }

  /** Why it failed: the error lines and their details, or else the last lines of output. */
  failureLines(): string[] {
    return this.errors.length ? [...this.errors] : [...this.tail];
  }

  note(command: FleetCommand): string | undefined {
    if (command === 'diff' && this.differing !== undefined)
      return this.differing === 0 ? 'no differences' : `${this.differing} stack(s) differ`;
    if (command === 'deploy' && this.noChanges) return 'no changes';
    return undefined;
  }
}
