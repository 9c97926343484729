import { createServer } from 'node:http';
import path from 'node:path';
import { configureRuntime, getRuntime } from '../composition/runtime';
import { resolveAdminKey } from './admin-key-file';
import { azuriteDataFolder, startAzurite, type RunningAzurite } from './azurite-process';
import { loadFunctionFiles } from './function-loader';
import { installFunctionsCoreShim } from './functions-core-shim';
import { HttpGateway } from './http-gateway';
import { parseLocalHostSettings } from './local-host-settings';

/**
 * `npm start`: the same function registrations Azure runs, on this machine, on Azurite.
 * Prints where it listens, the admin key and the data folder; stops cleanly on Ctrl-C or SIGTERM.
 */
async function main(): Promise<void> {
  const settings = parseLocalHostSettings(process.env, process.cwd());
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const admin = resolveAdminKey(settings.SUPPORTDESK_ADMIN_KEY, settings.dataDir);

  let azurite: RunningAzurite | undefined;
  let storage = settings.AzureWebJobsStorage;
  if (!storage) {
    azurite = await startAzurite({ location: azuriteDataFolder(settings.dataDir) });
    storage = azurite.connectionString;
    log(`Azurite started (blob ${azurite.blobPort}, queue ${azurite.queuePort}, table ${azurite.tablePort})`);
  }

  const appEnv = { ...process.env, AzureWebJobsStorage: storage, SUPPORTDESK_ADMIN_KEY: admin.key, SUPPORTDESK_CLOCK: settings.SUPPORTDESK_CLOCK };
  configureRuntime({ env: appEnv });
  const runtime = getRuntime();
  await runtime.ready;

  const registry = installFunctionsCoreShim();
  await loadFunctionFiles(path.resolve(__dirname, '../../functions'));
  const gateway = new HttpGateway({ registry, routePrefix: 'api', log });
  const server = createServer((req, res) => void gateway.handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.PORT, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.PORT;

  process.stdout.write(
    [
      '',
      `Support Desk local host listening on http://127.0.0.1:${port}/api`,
      `  admin key (${admin.origin}): ${admin.key}`,
      `  data folder: ${settings.dataDir}`,
      `  storage: ${azurite ? 'Azurite started by the local host' : 'AzureWebJobsStorage'}`,
      `  clock: ${settings.SUPPORTDESK_CLOCK}`,
      `  functions: ${registry.all().map((f) => f.name).join(', ')}`,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await azurite?.stop();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
