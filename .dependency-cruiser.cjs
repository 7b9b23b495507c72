// Import directions (DESIGN.md, README "Project layout"): handlers → adapters → core, app → core,
// local mode as a composition root, lib/ apart from the runtime. `npm run lint` runs this.

/**
 * The only Lambda files lib/ may import: constants the stack and the functions share (variable names,
 * routes, limits, Plane's default URLs, metric names and namespace, the log service name, the payload
 * bucket's key prefixes, the event timings), and the one format they share: subscriptions.ts, which the
 * stack writes into ingest's environment and ingest reads (no imports of its own, pure functions).
 */
const SHARED_CONSTANTS = [
  'lambdas/core/env-names.ts',
  'lambdas/core/routes.ts',
  'lambdas/core/limits.ts',
  'lambdas/core/plane-urls.ts',
  'lambdas/core/metrics.ts',
  'lambdas/core/logger.ts',
  'lambdas/core/bucket-layout.ts',
  'lambdas/core/event-timings.ts',
  'lambdas/core/subscriptions.ts',
];

/** The AWS packages, Lambda types and CDK: never in lambdas/core, so the core runs and is tested without AWS. */
const AWS_PACKAGES =
  '^node_modules/(@aws-sdk/|@types/aws-lambda/|aws-lambda/|@aws-lambda-powertools/|aws-cdk-lib/|constructs/)';

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles anywhere.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-no-aws',
      comment: 'lambdas/core imports no AWS SDK, Lambda types, Powertools or CDK.',
      severity: 'error',
      from: { path: '^lambdas/core/' },
      to: { path: AWS_PACKAGES },
    },
    {
      name: 'core-only-core-and-node',
      // Biome's useNodejsImportProtocol (an error in biome.jsonc) makes every built-in a `node:` import.
      comment: 'lambdas/core imports only lambdas/core and Node built-ins (no npm package at all).',
      severity: 'error',
      from: { path: '^lambdas/core/' },
      to: { pathNot: '^lambdas/core/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'adapters-only-core',
      comment: 'lambdas/adapters implement the core ports: they import core (and AWS), never handlers, app or local.',
      severity: 'error',
      from: { path: '^lambdas/adapters/' },
      to: { path: '^lambdas/(handlers|app|local)/' },
    },
    {
      name: 'handlers-not-local',
      comment: 'A Lambda entry (handlers) composes adapters, core and the app; local mode is never bundled.',
      severity: 'error',
      from: { path: '^lambdas/handlers/' },
      to: { path: '^lambdas/local/' },
    },
    {
      name: 'app-only-core',
      comment: "The kit user's app sees only lambdas/core among the kit's Lambda code.",
      severity: 'error',
      from: { path: '^lambdas/app/' },
      to: { path: '^lambdas/', pathNot: '^lambdas/(app|core)/' },
    },
    {
      name: 'nothing-imports-local',
      comment: 'Local mode is a composition root: lambdas/{core,adapters,handlers,app} never import it.',
      severity: 'error',
      from: { path: '^lambdas/(core|adapters|handlers|app)/' },
      to: { path: '^lambdas/local/' },
    },
    {
      name: 'lambdas-not-outside',
      comment: 'Runtime code imports no infrastructure, command, tool or test code.',
      severity: 'error',
      from: { path: '^lambdas/' },
      to: { path: '^(bin|lib|tools|test)/' },
    },
    {
      name: 'lib-only-shared-constants',
      comment: 'lib/ (infrastructure) imports no Lambda code except the shared constants in SHARED_CONSTANTS.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^lambdas/', pathNot: `^(${SHARED_CONSTANTS.map(escapeRegExp).join('|')})$` },
    },
    {
      name: 'lib-not-outside',
      comment: 'lib/ imports no command, tool or test code.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(bin|tools|test)/' },
    },
    {
      name: 'test-only-from-test-and-tools',
      comment: 'test/ is imported only by tests and by tools/ (bench, soak and fuzz reuse its helpers); never by bin/.',
      severity: 'error',
      from: { pathNot: '^(test|tools)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-test-files',
      comment: 'No file imports a test file (*.test.ts).',
      severity: 'error',
      from: {},
      to: { path: '\\.test\\.ts$' },
    },
  ],
  options: {
    // Type-only imports count too: `import type { Context } from 'aws-lambda'` is still a dependency.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(cdk\\.out|bench-out|\\.local-data|coverage)/' },
  },
};
