// @ts-check
/**
 * Architecture rules, run by `npm run lint` (`npm run lint:deps`). See README "Architecture".
 *
 * Libs are layered: a lib imports only libs listed before it, so no two libs can ever import
 * each other (directly or around a longer loop). A new lib goes into this list.
 */
const LIB_LAYERS = [
  'domain',
  'dispatch',
  'config',
  'observability',
  'routing',
  'contracts',
  'web-ui',
  'kusel-data',
  'persistence',
  'auth',
  'messaging',
  'http',
  'application',
  'realtime',
  'simulation',
];

/** Apps that run in production: nothing they load may be a development dependency. */
const PRODUCTION_APPS = ['booking-api', 'dispatch-worker', 'realtime-gateway'];

/** Scripts the production image and `npm start` run with production dependencies only. */
const PRODUCTION_SCRIPTS = '^scripts/(start-all|migrate|seed-kusel|router)\\.ts$';

/** Test helpers and specs: they may use development dependencies and reach inside libs. */
const TEST_CODE = '(\\.spec\\.ts$|\\.e2e-spec\\.ts$|\\.browser-spec\\.ts$|/testing/|^test/)';

const layerRules = LIB_LAYERS.map((lib, i) => {
  const above = LIB_LAYERS.slice(i + 1);
  return {
    name: `lib-layers-${lib}`,
    comment:
      `libs/${lib} may import only libs listed before it in .dependency-cruiser.cjs ` +
      `(${LIB_LAYERS.slice(0, i).join(', ') || 'none'}): libs never import each other both ways.`,
    severity: 'error',
    from: { path: `^libs/${lib}/` },
    to: { path: above.length ? `^libs/(${above.join('|')})/` : '^$' },
  };
}).filter((r) => r.to.path !== '^$');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'lib-layers-unlisted',
      comment: 'Every lib has its place in LIB_LAYERS of .dependency-cruiser.cjs.',
      severity: 'error',
      from: {},
      to: { path: '^libs/', pathNot: `^libs/(${LIB_LAYERS.join('|')})/` },
    },
    {
      name: 'no-deep-lib-import-from-lib',
      comment:
        'Another lib is imported through its index (@app/x), never past it (@app/x/sub/path).',
      severity: 'error',
      from: { path: '^libs/([^/]+)/', pathNot: TEST_CODE },
      to: { path: '^libs/', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.tsx?$'] },
    },
    {
      name: 'no-deep-lib-import',
      comment:
        'Apps, scripts and benchmarks import a lib through its index (@app/x), never past it.',
      severity: 'error',
      from: { path: '^(apps|scripts|bench)/' },
      to: { path: '^libs/', pathNot: '^libs/[^/]+/src/index\\.tsx?$' },
    },
    {
      name: 'no-framework-in-domain-and-dispatch',
      comment:
        'libs/domain and libs/dispatch are plain TypeScript: no Nest, TypeORM, queue or socket code.',
      severity: 'error',
      from: { path: '^libs/(domain|dispatch)/' },
      to: {
        path: 'node_modules/(@nestjs|typeorm|bullmq|ioredis|pg|socket\\.io|socket\\.io-client|@socket\\.io)/',
      },
    },
    {
      name: 'no-dev-dependency-in-production-code',
      comment:
        'Production apps and the libs they load run after `npm ci --omit=dev`: no devDependencies.',
      severity: 'error',
      from: {
        path: `^(libs/(?!web-ui/)|apps/(${PRODUCTION_APPS.join('|')})/|${PRODUCTION_SCRIPTS})`,
        pathNot: TEST_CODE,
      },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'production-apps-load-only-libs',
      comment:
        'A production app loads its own code and libs, never another app, a script or a bench.',
      severity: 'error',
      from: { path: `^apps/(${PRODUCTION_APPS.join('|')})/` },
      to: { path: '^(apps|scripts|bench|test)/', pathNot: `^apps/(${PRODUCTION_APPS.join('|')})/` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|coverage)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
