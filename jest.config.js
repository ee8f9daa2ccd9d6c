// One Jest run, nine projects: `npm test` runs them in this order (see package.json).
require('./scripts/lib/runtime').assertRuntime();
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const base = {
  testEnvironment: 'node',
  rootDir: __dirname,
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Type errors are caught once by `npm run typecheck`; per-file transpilation keeps runs fast.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/files/'],
};

module.exports = {
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/test/repo/**/*.spec.ts',
        '<rootDir>/test/chaos/support/**/*.spec.ts',
        '<rootDir>/test/support/**/*.spec.ts',
        '<rootDir>/bench/**/*.spec.ts',
      ],
    },
    {
      ...base,
      // Specs that need a real database (SQLite and PostgreSQL) beside the code they test.
      displayName: 'integration',
      testMatch: ['<rootDir>/apps/**/*.int-spec.ts', '<rootDir>/libs/**/*.int-spec.ts'],
    },
    {
      ...base,
      displayName: 'brokers',
      testMatch: ['<rootDir>/test/brokers/**/*.spec.ts'],
    },
    {
      ...base,
      displayName: 'transports',
      testMatch: ['<rootDir>/test/transports/**/*.spec.ts'],
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'],
    },
    {
      ...base,
      // Attacks (npm run test:security): hostile tokens and callers at the gateway, SSRF through the
      // legacy proxy, a hostile TCP peer's memory bound, secrets in captured logs. Beside the code
      // (*.security-spec.ts) or, for the whole system, in test/security.
      displayName: 'security',
      testMatch: [
        '<rootDir>/test/security/**/*.spec.ts',
        '<rootDir>/apps/**/*.security-spec.ts',
        '<rootDir>/libs/**/*.security-spec.ts',
      ],
    },
    {
      ...base,
      // Faults and bad input against the four apps on each transport (npm run test:chaos). Run in
      // band: systems on one Kafka share its consumer groups, so two at once would split them.
      displayName: 'chaos',
      testMatch: ['<rootDir>/test/chaos/**/*.chaos-spec.ts'],
      globalSetup: '<rootDir>/test/chaos/support/chaos-global-setup.ts',
      globalTeardown: '<rootDir>/test/chaos/support/chaos-global-teardown.ts',
    },
    {
      ...base,
      // The admin console in Debian's chromium against the built apps on each transport (npm run
      // test:console). In band: two systems on one Kafka at once would only slow each other.
      displayName: 'console',
      testMatch: ['<rootDir>/test/console/**/*.console-spec.ts'],
    },
    {
      ...base,
      // Replicas of every service on PostgreSQL, one of each SIGKILLed (npm run test:scale). In
      // band, as the chaos suite: it starts eight apps per system on a 2-core machine.
      displayName: 'scale',
      testMatch: ['<rootDir>/test/scale/**/*.scale-spec.ts'],
    },
  ],
};
