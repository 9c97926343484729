import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import path from 'node:path';
import { configureRuntime, getRuntime } from '../composition/runtime';
import { findAppRoot } from '../config/app-root';
import { systemClock, type Clock } from '../ports/clock';
import { resolveAdminKey } from './admin-key-file';
import { azuriteDataFolder, freePorts, startAzurite, type RunningAzurite } from './azurite-process';
import { devClockRoute, type TimerDriver } from './dev-clock-route';
import { devRoutesNeedAdmin } from './dev-routes-guard';
import { settleHost } from './host-settling';
import { LocalDurableEngine } from './durable/local-durable-engine';
import { loadFunctionFiles } from './function-loader';
import { installFunctionsCoreShim } from './functions-core-shim';
import { HttpGateway, type HostRoute } from './http-gateway';
import { readRoutePrefix } from './host-json';
import { parseLocalHostSettings, type LocalHostSettings } from './local-host-settings';
import { LocalNotifications } from './local-topic/local-notifications';
import { TimerTriggerRunner } from './timer-trigger-runner';
import { PersistentVirtualClock } from './virtual-clock-file';

/**
 * `npm start`: the same function registrations Azure runs, on this machine, on Azurite.
 * Prints where it listens, the admin key and the data folder; stops cleanly on Ctrl-C or SIGTERM.
 */
async function main(): Promise<void> {
  const appRoot = findAppRoot(__dirname);
  const settings = parseLocalHostSettings(process.env, process.cwd());
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const admin = resolveAdminKey(settings.SUPPORTDESK_ADMIN_KEY, settings.dataDir);
  const port = settings.PORT === 0 ? ((await freePorts(1))[0] ?? 0) : settings.PORT;
  const baseUrl = `http://127.0.0.1:${port}`;
  // durable-functions builds its management links from this, as it would in Azure.
  process.env.WEBSITE_HOSTNAME ??= `127.0.0.1:${port}`;

  let azurite: RunningAzurite | undefined;
  let storage = settings.AzureWebJobsStorage;
  if (!storage) {
    azurite = await startAzurite({ location: azuriteDataFolder(settings.dataDir) });
    storage = azurite.connectionString;
    log(`Azurite started (blob ${azurite.blobPort}, queue ${azurite.queuePort}, table ${azurite.tablePort})`);
  }

  const clock = openClock(settings);
  // Sign-in links point at the host itself unless SUPPORTDESK_PUBLIC_URL says otherwise.
  const appEnv = {
    ...process.env,
    AzureWebJobsStorage: storage,
    SUPPORTDESK_ADMIN_KEY: admin.key,
    SUPPORTDESK_CLOCK: settings.SUPPORTDESK_CLOCK,
    SUPPORTDESK_PUBLIC_URL: process.env.SUPPORTDESK_PUBLIC_URL ?? baseUrl,
    // Receivers on a developer's machine rarely have certificates; Azure keeps the default (https only).
    SUPPORTDESK_WEBHOOK_ALLOW_HTTP: process.env.SUPPORTDESK_WEBHOOK_ALLOW_HTTP ?? 'true',
  };
  // Storage queues stand in for the Service Bus topic, `.eml` files for Communication Services.
  const notifications = new LocalNotifications({ storageConnectionString: storage, dataDir: settings.dataDir, from: process.env.SUPPORTDESK_EMAIL_SENDER, log });
  configureRuntime({ env: appEnv, clock, ...notifications.overrides() });
  const runtime = getRuntime();
  await runtime.ready;

  const registry = installFunctionsCoreShim();
  // functions/ beside this file's tree: the sources through tsx, dist/functions when built.
  await loadFunctionFiles(path.resolve(__dirname, '../../functions'));
  // The app's own Durable client reaches the engine under this per-process secret; everyone else needs the admin key.
  const access = { adminKey: admin.key, rpcPathKey: randomBytes(24).toString('base64url') };
  const engine = new LocalDurableEngine({ registry, storageConnectionString: storage, taskHub: 'SupportDesk', clock, baseUrl, log, access });
  await engine.start();
  // The `sla` function gets the Durable client as the HTTP functions do.
  await notifications.start(registry, { durableClient: () => engine.durableClientInput() });
  // With the virtual clock, timers fire only when the clock is moved.
  const timers = new TimerTriggerRunner({ registry, clock, automatic: settings.SUPPORTDESK_CLOCK === 'system', env: appEnv, log });
  timers.start();

  const hostRoutes: HostRoute[] = [(req, res, body) => engine.handleHttp(req, res, body), notifications.route(admin.key)];
  // Moving the virtual clock first waits for the start-up repair below and for the work of changes just made.
  let repaired: Promise<unknown> = Promise.resolve();
  const settle = async () => {
    await repaired;
    await settleHost({ relay: runtime.notifications.relay, topic: notifications, engine, log });
  };
  if (clock instanceof PersistentVirtualClock) hostRoutes.push(devClockRoute(clock, timerDriver(engine, timers, clock, settle), admin.key));
  // Whatever /api/dev/* route this host has or lacks, none answers without the admin key.
  hostRoutes.unshift(devRoutesNeedAdmin(admin.key));
  const gateway = new HttpGateway({ registry, routePrefix: readRoutePrefix(appRoot), log, hostRoutes, inputBindings: { durableClient: () => engine.durableClientInput() } });
  const server = createServer((req, res) => void gateway.handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  // Deliverers call this host's Durable API, so the topic is delivered once it listens. Then the outbox
  // is swept once, as the outbox-sweep timer would soon do on a real schedule (with the virtual clock it
  // fires only when the clock moves): events a killed host left unpublished reach the topic, and so
  // the tickets they concern get their SLA orchestrations before any of their timers is judged.
  notifications.deliver();
  repaired = runtime.notifications.relay.sweep().then(
    (report) => report.published > 0 && log(`outbox: ${report.published} event(s) left by an earlier run published`),
    (error: unknown) => log(`outbox: start-up sweep failed (the outbox-sweep timer retries): ${error instanceof Error ? error.message : String(error)}`),
  );

  process.stdout.write(
    [
      '',
      `Support Desk local host listening on ${baseUrl}/api`,
      `  pages: ${baseUrl}/portal (client portal), ${baseUrl}/console (staff console)`,
      `  admin key (${admin.origin}): ${admin.key}`,
      `  data folder: ${settings.dataDir}`,
      `  mail: ${notifications.mailFolder}`,
      `  storage: ${azurite ? 'Azurite started by the local host' : 'AzureWebJobsStorage'}`,
      `  clock: ${settings.SUPPORTDESK_CLOCK}${settings.SUPPORTDESK_CLOCK === 'virtual' ? ` (now ${clock.now().toISOString()}; move it with POST /api/dev/clock)` : ''}`,
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
    // Publishes the requests started are finished rather than left to the next start's sweep.
    await runtime.notifications.relay.idle();
    await timers.stop();
    await engine.stop();
    await notifications.stop();
    await azurite?.stop();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function openClock(settings: LocalHostSettings): Clock {
  if (settings.SUPPORTDESK_CLOCK === 'system') return systemClock;
  const start = settings.SUPPORTDESK_CLOCK_START ? new Date(settings.SUPPORTDESK_CLOCK_START) : new Date();
  return new PersistentVirtualClock(settings.dataDir, start);
}

/**
 * What moving the virtual clock fires: Durable timers in order (each settles before the next), then
 * the timer-triggered functions due at that instant (outbox sweep, webhook retries). "Settled" also
 * means relayed and through the `sla` subscription (`settleHost`), so orchestrations started from the
 * topic are in place before their timers are judged.
 */
function timerDriver(engine: LocalDurableEngine, timers: TimerTriggerRunner, clock: Clock, settle: () => Promise<void>): TimerDriver {
  return {
    nextTimerAt: () => engine.nextTimerAt(),
    settled: settle,
    fireDueTimers: async () => {
      await engine.fireDueTimers();
      await settle();
      await timers.fireDue(clock.now());
      await settle();
    },
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
