/**
 * Two projects. `unit`: pure tests beside the code (`src/**\/*.test.ts`) and under `test/unit`.
 * `integration`: tests under `test/integration` that need a real Kafka broker (and Prometheus);
 * its global setup finds or starts the broker once for the whole run (test/support/kafka-fixture.ts).
 * TypeScript is compiled by @swc/jest, which needs no type checker (`npm run typecheck` does that).
 */
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2023' }, module: { type: 'commonjs' } }],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/unit/**/*.test.ts'],
      transform,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      transform,
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  testTimeout: 60000,
};
