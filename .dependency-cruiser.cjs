/**
 * The layering `npm run lint` checks (dependency-cruiser): the lib graph, nothing past a lib's
 * index (tests use a lib's public `testing` entry), no ORM in a service's domain/, no app reaching
 * into another. Each rule says why.
 */
const LIB_DEPENDENCIES = {
  contracts: [],
  platform: [],
  messaging: ['contracts', 'platform'],
  health: ['contracts', 'messaging', 'platform'],
  persistence: ['contracts', 'health', 'messaging', 'platform'],
  resilience: ['contracts', 'health', 'messaging', 'platform'],
  saga: ['contracts', 'health', 'messaging', 'persistence', 'platform'],
  testing: ['contracts', 'messaging', 'persistence', 'platform', 'saga'],
};
const LIB_ENTRY = '(index\\.ts|testing/index\\.ts)$';
const TEST_FILE = '(\\.spec|\\.int-spec|\\.security-spec|\\.e2e\\.spec)\\.ts$|/testing/';

module.exports = {
  forbidden: [
    ...Object.entries(LIB_DEPENDENCIES).map(([lib, allowed]) => ({
      name: `lib-graph-${lib}`,
      comment: `libs/${lib} may use only ${allowed.join(', ') || 'no other lib'} (README: Layout)`,
      severity: 'error',
      from: { path: `^libs/${lib}/`, pathNot: TEST_FILE },
      to: { path: '^libs/', pathNot: `^libs/(${[lib, ...allowed].join('|')})/` },
    })),
    {
      name: 'no-lib-internals-from-outside',
      comment: "a lib's public API is its index.ts (and, for tests, its testing/index.ts)",
      severity: 'error',
      from: { path: '^(apps|test|bench|schematics)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: `^libs/[^/]+/src/${LIB_ENTRY}` },
    },
    {
      name: 'no-lib-internals-from-other-libs',
      comment: "a lib's public API is its index.ts (and, for tests, its testing/index.ts)",
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: [`^libs/$1/`, `^libs/[^/]+/src/${LIB_ENTRY}`] },
    },
    {
      name: 'no-orm-in-domain',
      comment: "domain/ is the service's rules, tested without a database: no TypeORM, no persistence",
      severity: 'error',
      from: { path: '^apps/[^/]+/src/domain/' },
      to: { path: '(^|/)node_modules/typeorm/|^libs/persistence/' },
    },
    {
      name: 'domain-uses-database-types-only',
      comment: 'domain/ may name an entity as a type (a view mapper), never load the database code',
      severity: 'error',
      from: { path: '^apps/[^/]+/src/domain/' },
      to: { path: '^apps/[^/]+/src/database/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-app-to-app',
      comment: 'apps talk to each other over the bus only',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-libs-to-apps',
      comment: 'libs serve every app and know none',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-test-entries-in-production',
      comment: '@railyard/testing and a lib\'s testing entry are for specs only',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: `${TEST_FILE}|^libs/testing/` },
      to: { path: '^libs/testing/|^libs/[^/]+/src/testing/' },
    },
    {
      name: 'no-circular-libs',
      comment: 'a cycle between libs makes their order of loading matter',
      severity: 'error',
      from: { path: '^libs/' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/|\\.template$|/fixtures/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
