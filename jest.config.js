/** @typedef {import('jest').Config} Config */

// TypeScript (and the ESM-only packages below) are compiled to CommonJS by @swc/jest;
// type checking is `npm run typecheck`.
const swc = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true } }, module: { type: 'commonjs' } },
  ],
};
const esmOnly = ['@middy', 'ulid'].join('|');
const base = {
  transform: swc,
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly})/)`],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  setupFiles: ['<rootDir>/test/support/sdk-env.ts'],
};

/** @type {Config} */
const config = {
  // The usual output, then the 15 slowest test files (a suite that starts to take its time shows at once).
  reporters: ['default', '<rootDir>/test/support/slowest-suites-reporter.mjs'],
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      setupFiles: [...base.setupFiles, '<rootDir>/test/support/unit-env.ts'],
    },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/integration-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/integration-global-teardown.ts',
    },
    { ...base, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      setupFiles: [...base.setupFiles, '<rootDir>/test/support/e2e-env.ts'],
      globalSetup: '<rootDir>/test/support/e2e-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/e2e-global-teardown.ts',
    },
  ],
};
export default config;
