/** Unit specs beside the code (*.spec.ts) and end-to-end tests in test/ (*.e2e-spec.ts). */
const aliases = Object.fromEntries(
  ['contracts', 'config', 'database', 'messaging', 'regions', 'events', 'quality', 'pdf', 'supervision-client'].map((lib) => [
    `^@app/${lib}$`,
    `<rootDir>/libs/${lib}/src/index.ts`,
  ]),
);

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.spec.json' }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1', ...aliases },
  testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
