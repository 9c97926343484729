/**
 * The layer rules, checked by `npm run lint` (`lint:layers`). Each rule's name appears in the
 * violation it reports; the README's "Layers" section explains them. Paths are relative to the repo.
 *
 *   functions/ ─▶ src/http, src/orchestrations, src/composition (entry points)
 *   src/http, src/orchestrations ─▶ src/app ─▶ src/domain, src/ports, pure helpers
 *   src/composition ─▶ src/adapters ─▶ src/ports, src/domain, pure helpers
 *
 * Pure helpers: src/alerts (monitoring formats), src/messaging (events on the topic, webhooks),
 * src/concurrency. They obey the same rule as the application layer.
 */
// rrule-temporal: RFC 5545 recurrence for maintenance schedules, pure computation like luxon.
const domainPackages = 'node_modules/(zod|luxon|date-holidays|rrule-temporal)/';
const innerLayers = '^src/(domain|ports|alerts|messaging|concurrency)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'src/domain imports only itself and zod, luxon, date-holidays, rrule-temporal: no clock, no I/O, no SDK, no other layer.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: [`^src/domain/`, domainPackages] },
    },
    {
      name: 'app-only-domain-ports-helpers',
      comment:
        'src/app holds use cases over ports: it imports the domain, the ports and the pure helpers; never adapters, http, composition, orchestrations or the local host.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^(src|functions)/', pathNot: ['^src/app/', innerLayers] },
    },
    {
      name: 'app-no-sdk',
      comment:
        'src/app and the pure helpers use no npm package but zod and luxon: no @azure/* SDK, no durable-functions types (orchestrators live in src/orchestrations).',
      severity: 'error',
      from: { path: ['^src/app/', innerLayers] },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: 'node_modules/(zod|luxon|date-holidays)/',
      },
    },
    {
      name: 'helpers-and-ports-stay-inside',
      comment: 'Ports and pure helpers import only the domain, the ports and each other.',
      severity: 'error',
      from: { path: '^src/(ports|alerts|messaging|concurrency)/' },
      to: { path: '^(src|functions)/', pathNot: innerLayers },
    },
    {
      name: 'adapters-implement-ports',
      comment:
        'Adapters implement ports: they never reach up into use cases, HTTP, the composition root, orchestrations or functions.',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^(src/(app|http|composition|orchestrations)|functions|local-host)/' },
    },
    {
      name: 'local-host-is-private',
      comment:
        'Only the local host itself (and tests, benches, scripts) may import local-host/: nothing Azure runs depends on it.',
      severity: 'error',
      from: { path: '^(src|functions)/' },
      to: { path: '^local-host/' },
    },
    {
      name: 'deployed-no-dev-dependencies',
      comment: 'What Azure runs (functions/ and src/) imports only production dependencies.',
      severity: 'error',
      from: { path: '^(src|functions)/' },
      to: { dependencyTypes: ['npm-dev', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'functions-register-entry-points',
      comment:
        'functions/ holds thin registrations: they import the entry points (src/http, src/orchestrations, src/triggers) and the composition root, nothing deeper.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^src/', pathNot: '^src/(http|orchestrations|triggers|composition)/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle between modules makes layers meaningless and start-up order fragile.',
      severity: 'error',
      from: { path: '^(src|functions)/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves (a typo or a missing package is caught here, not in Azure).',
      severity: 'error',
      from: { path: '^(src|functions)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|\\.local)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
