'use strict';
/**
 * The Azurite process the local host starts: Azurite's own entry point, run in this process, with a
 * stop that happens exactly once and always saves.
 *
 * Why not `node azurite.js` directly: Azurite handles only the FIRST SIGINT or SIGTERM (`process.once`);
 * a second signal while it is saving its LokiJS databases (one from the terminal's Ctrl-C, one from the
 * host) either kills it outright or makes its shutdown throw ("Cannot close server in status Closing")
 * and exit 1, and whatever arrived since the last 5 s autosave is lost. Here every stop request —
 * SIGINT, SIGTERM, SIGHUP, or the end of stdin, a pipe from the host that ends when the host dies
 * however it dies — leads to one call of Azurite's own shutdown (servers closed, databases saved),
 * after which the process ends by itself.
 *
 * Plain CommonJS so that it runs as it is under `npm start` (dist), tsx and vitest alike. Started by
 * `azurite-process.ts` with Azurite's command-line arguments, which Azurite reads from process.argv.
 */

/** Longest a stop may take before the process ends anyway, so that nothing can linger forever. */
const stopDeadlineMs = 60_000;

let azuriteShutdown;
let stopRequested = false;

function requestStop() {
  if (stopRequested) return;
  stopRequested = true;
  // stdin would keep the process alive after Azurite has closed everything else.
  process.stdin.destroy();
  setTimeout(() => process.exit(1), stopDeadlineMs).unref();
  if (azuriteShutdown) azuriteShutdown();
  // Azurite has not finished starting: nobody can have written anything yet.
  else process.exit(0);
}

// Once its servers listen, Azurite registers `process.once('SIGINT' | 'SIGTERM', shutdown)` and
// `process.once('message', m => m === 'shutdown' && shutdown())`. Keep its shutdown for requestStop and
// let it install no signal handler of its own, so that no signal can run its shutdown a second time.
const originalOnce = process.once.bind(process);
process.once = function once(event, listener) {
  if (event === 'SIGINT' || event === 'SIGTERM') return process;
  if (event === 'message') {
    azuriteShutdown = () => listener('shutdown');
    return process;
  }
  return originalOnce(event, listener);
};

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, requestStop);
process.stdin.on('end', requestStop);
process.stdin.on('close', requestStop);
process.stdin.on('error', requestStop);
process.stdin.resume();

// The LokiJS that Azurite itself loads (resolved from Azurite's folder), before Azurite loads it.
const path = require('node:path');
const { installEntityLookup } = require('./azurite-entity-lookup.cjs');
const { installEntityReplace } = require('./azurite-entity-replace.cjs');
const { installBatchGuard } = require('./azurite-batch-guard.cjs');
const loki = require(require.resolve('lokijs', { paths: [path.dirname(require.resolve('azurite/package.json'))] }));
installEntityLookup(loki);
installEntityReplace(
  require('azurite/dist/src/table/persistence/LokiTableMetadataStore.js').default.prototype,
  loki.Collection.prototype,
);

installBatchGuard(
  require('azurite/dist/src/table/batch/TableBatchSerialization.js').TableBatchSerialization.prototype,
  require('azurite/dist/src/table/batch/TableBatchOrchestrator.js').default.prototype,
);

require('azurite/dist/src/azurite.js');
