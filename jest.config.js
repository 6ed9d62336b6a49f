// One jest run, two projects: fast unit specs beside the code, and integration/e2e specs
// in test/ that talk to the real PostgreSQL, Redis and routing server.
const fs = require('node:fs');
const path = require('node:path');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
const libs = fs.readdirSync(path.join(__dirname, 'libs'));
const moduleNameMapper = {};
for (const lib of libs) {
  moduleNameMapper[`^@app/${lib}$`] = `<rootDir>/libs/${lib}/src`;
  moduleNameMapper[`^@app/${lib}/(.*)$`] = `<rootDir>/libs/${lib}/src/$1`;
}

const esmOnly = ['openid-client', 'oauth4webapi', 'jose', '@nestjs/terminus'];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }],
    // ESM-only packages (openid-client and its two dependencies, terminus) are compiled to CommonJS for
    // jest; Node itself loads them through require(esm).
    [`/node_modules/(${esmOnly.join('|')})/.+\\.js$`]: [
      '@swc/jest',
      { swcrc: false, jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
};

module.exports = {
  // jest-circus reads the timeout from the global config only (a project's testTimeout is
  // ignored): one minute for any test or hook; browser specs set their own with jest.setTimeout.
  testTimeout: 60000,
  // A finished run exits even if a test left a handle open (the fresh-clone check of session 6
  // sat idle after all 133 suites had passed): CI must end, not wait on a stray timer.
  // `npx jest --detectOpenHandles <file>` finds such a handle.
  forceExit: true,
  // Two files at a time, also on a two-core machine (jest's default there is one): most of an
  // integration spec's time is spent waiting on PostgreSQL, Redis, the worker's timers or the
  // browser. Each jest worker has its own database and Redis logical database, each test file
  // its own Redis prefix (test/support/test-env.ts), so parallel files share no state and an app a
  // file left running cannot take the next file's jobs.
  maxWorkers: 2,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/scripts/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/stray-apps.ts'],
      testTimeout: 60000,
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/stray-apps.ts'],
      testTimeout: 120000,
    },
  ],
};
