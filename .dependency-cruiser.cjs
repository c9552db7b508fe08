/**
 * The layer rules, checked on every `npm test`:
 * - the domain imports nothing but itself and decimal.js;
 * - use-cases import only the domain;
 * - only the wiring imports the container (inversify);
 * - the Mixin treasury adapter moves money and never touches the database (the ledger keeps the books);
 * - the plugin API owns every type and helper it exports: it imports nothing of the broker, not even the domain,
 *   so a change to the domain cannot change the published, versioned contract (the host checks the two still fit);
 * - a plugin imports only the plugin API (and node builtins, and its own packages), never host internals or another plugin;
 * - the conformance kit (`src/plugin-api/testing/`, `@mixpay-broker/plugin-api/testing`) is test code: it may use
 *   chai, mocha and nock, and only a plugin's `test/` folder may import it.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'The domain core imports no framework, adapter or outer layer.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        pathNot: ['^src/domain/', 'node_modules/decimal\\.js/'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'application-sees-only-domain',
      comment: 'Use-cases depend on ports, never on adapters, the plugin host or a framework.',
      severity: 'error',
      from: { path: '^src/application/' },
      to: { pathNot: ['^src/domain/', '^src/application/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'plugin-api-is-self-contained',
      comment: 'The published plugin API imports only itself, zod, decimal.js, axios, lossless-json and node builtins.',
      severity: 'error',
      from: { path: '^src/plugin-api/', pathNot: '^src/plugin-api/testing/' },
      to: { pathNot: ['^src/plugin-api/', 'node_modules/(zod|decimal\\.js|axios|lossless-json)/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'testing-kit-uses-the-api-and-test-tools',
      comment: 'The conformance kit builds on the plugin API (never the domain or the host directly), plus chai, mocha and nock.',
      severity: 'error',
      from: { path: '^src/plugin-api/testing/' },
      to: { pathNot: ['^src/plugin-api/', 'node_modules/(chai|mocha|nock|zod)/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'testing-kit-is-for-tests-only',
      comment: "No product code imports the conformance kit: not the host, not the plugin API itself, not a plugin's src/.",
      severity: 'error',
      from: { path: '^(src/|plugins/[^/]+/src/)', pathNot: '^src/plugin-api/testing/' },
      to: { path: '^src/plugin-api/testing/' },
    },
    {
      name: 'plugins-import-only-the-plugin-api',
      comment:
        'A plugin reaches the host only through @mixpay-broker/plugin-api, and its tests also through @mixpay-broker/plugin-api/testing.',
      severity: 'error',
      from: { path: '^plugins/' },
      to: { path: '^src/', pathNot: '^src/plugin-api/(index|testing/index)\\.ts$' },
    },
    {
      name: 'plugins-do-not-import-each-other',
      severity: 'error',
      from: { path: '^plugins/([^/]+)/' },
      to: { path: '^plugins/', pathNot: '^plugins/$1/' },
    },
    {
      name: 'adapters-stay-out-of-the-core',
      comment: 'Nothing but the composition root and the entry point wires adapters together with the HTTP layer.',
      severity: 'error',
      from: { path: '^src/(domain|application|plugin-api|plugin-host)/' },
      to: { path: '^src/(adapters|config|wiring)/' },
    },
    {
      name: 'the-mixin-treasury-only-moves-money',
      comment: "The books (balances, reservations) are the BalanceLedger's; the Mixin treasury adapter never touches the database.",
      severity: 'error',
      from: { path: '^src/adapters/treasury/mixin/' },
      to: { path: '^src/adapters/persistence/' },
    },
    {
      name: 'the-container-stays-in-the-wiring',
      comment: 'Only src/wiring/ knows the container: everything else is handed what it uses (no service locator).',
      severity: 'error',
      from: { path: '^(src|plugins)/', pathNot: '^src/wiring/' },
      to: { path: 'node_modules/(inversify|@inversifyjs)/' },
    },
    {
      name: 'no-test-code-in-product',
      severity: 'error',
      from: { path: '^(src|plugins/[^/]+/src)/' },
      to: { path: '^test/|/test/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The host's tests are not cruised; a plugin's tests are, so they too reach the host only through the plugin API.
    exclude: { path: '^test/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};
