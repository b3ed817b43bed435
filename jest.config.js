/** Jest runs in native ESM mode (Probot 14 is ESM-only); SWC strips types, tsc checks them. */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'es6' } }],
  },
  // Listed after the default reporter so that its line is the last one printed, where CI looks for it.
  reporters: ['default', '<rootDir>/test/support/closing-line-reporter.cjs'],
  // A fresh machine has no redis-server nor chromium; the queue and browser tests need real ones.
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  testTimeout: 20000,
};
