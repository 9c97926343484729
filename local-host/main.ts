import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { OutboxRelay } from '../src/app/outbox-relay';
import { configureRuntime, getRuntime } from '../src/composition/runtime';
import { allowBrowserUploads } from './blob-cors';
import { findAppRoot } from '../src/config/app-root';
import { systemClock, type Clock } from '../src/ports/clock';
import { resolveAdminKey } from './admin-key-file';
import { azuriteDataFolder, freePorts, startAzurite, type RunningAzurite } from './azurite-process';
import { devClockRoute, type TimerDriver } from './dev-clock-route';
import { devRoutesNeedAdmin } from './dev-routes-guard';
import { devMeterRoute } from './dev-meter-route';
import { rpcPathSegment } from './durable/client-binding';
import { settleHost } from './host-settling';
import { LocalDurableEngine } from './durable/local-durable-engine';
import { loadFunctionFiles } from './function-loader';
import { installFunctionsCoreShim } from './functions-core-shim';
import { HttpGateway, type HostRoute, type InputBindingProviders } from './http-gateway';
import { readRoutePrefix } from './host-json';
import { parseLocalHostSettings, type LocalHostSettings } from './local-host-settings';
import { LocalNotifications } from './local-topic/local-notifications';
import { TimerTriggerRunner } from './timer-trigger-runner';
import { MailInboxFolder } from './mail-inbox-folder';
import { ForegroundRequests } from './foreground-requests';
import { RequestDrain } from './request-drain';
import { PersistentVirtualClock } from './virtual-clock-file';
import { turnLog } from './turn-log';

/** How long stopping waits for requests under way before cutting them off. */
const drainTimeoutMs = 20_000;

/**
 * `npm start`: the same function registrations Azure runs, on this machine, on Azurite.
 * Prints where it listens, the admin key and the data folder; stops cleanly on Ctrl-C or SIGTERM.
 *
 * Stopping keeps everything answered: the host refuses new requests and waits for those under way,
 * stops its timers, the Durable engine and the topic pump, and only then stops Azurite — once, so that
 * it saves its databases (Azurite runs in its own process group, so Ctrl-C reaches only the host; see
 * `azurite-launcher.cjs`). A start that fails stops whatever it had started and exits 1.
 */
async function main(): Promise<void> {
  const output = turnLog((text) => process.stdout.write(text));
  const log = output.log;
  // Writes to a terminal, pipe or file are synchronous here, so what is pending still goes out at exit.
  process.on('exit', output.flush);
  const parts: Started = {};
  let started = false;
  let signalled: string | undefined;
  const stop = async (signal: string) => {
    log(`${signal}: stopping`);
    await stopAll(parts, log);
    log('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      // A second Ctrl-C while stopping changes nothing: the stop under way is the one that saves.
      if (signalled) return;
      signalled = signal;
      if (started) void stop(signal);
      else log(`${signal}: stopping once started`);
    });
  }

  try {
    await start(parts, log);
  } catch (error) {
    process.stderr.write(`${startFailure(error)}\n`);
    await stopAll(parts, log).catch((e: unknown) => process.stderr.write(`while stopping: ${String(e)}\n`));
    process.exit(1);
  }
  started = true;
  if (signalled) await stop(signalled);
}

/** What a start has brought up so far, so that a failed start or a stop brings down exactly that. */
interface Started {
  server?: Server;
  drain?: RequestDrain;
  azurite?: RunningAzurite;
  engine?: LocalDurableEngine;
  notifications?: LocalNotifications;
  relay?: OutboxRelay;
  timers?: TimerTriggerRunner;
  inbox?: MailInboxFolder;
}

async function start(parts: Started, log: (line: string) => void): Promise<void> {
  const appRoot = findAppRoot(__dirname);
  const settings = parseLocalHostSettings(process.env, process.cwd());
  const admin = resolveAdminKey(settings.SUPPORTDESK_ADMIN_KEY, settings.dataDir);
  const port = settings.PORT === 0 ? ((await freePorts(1))[0] ?? 0) : settings.PORT;
  const baseUrl = `http://127.0.0.1:${port}`;
  // durable-functions builds its management links from this, as it would in Azure.
  process.env.WEBSITE_HOSTNAME ??= `127.0.0.1:${port}`;
  // The app's own Durable client reaches the engine under this per-process secret; everyone else needs the admin key.
  const access = { adminKey: admin.key, rpcPathKey: randomBytes(24).toString('base64url') };

  // The port first: if it is taken, nothing else has been started yet. Until the host is ready it answers 503.
  const internalPath = `/${rpcPathSegment(access.rpcPathKey)}/`;
  const drain = new RequestDrain({ isInternal: (req) => req.url?.includes(internalPath) === true });
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503, { 'retry-after': '1' }).end();
  };
  // Requests from outside go before the relay and the topic pump (ForegroundRequests).
  const foreground = new ForegroundRequests(settings.SUPPORTDESK_BACKGROUND_MAX_DEFER_MS);
  const server = createServer((req, res) =>
    drain.handle(req, res, () => {
      if (isForegroundRequest(req, internalPath)) res.once('close', foreground.begin());
      handler(req, res);
    }),
  );
  await listen(server, port);
  parts.server = server;
  parts.drain = drain;

  let storage = settings.AzureWebJobsStorage;
  if (!storage) {
    parts.azurite = await startAzurite({ location: azuriteDataFolder(settings.dataDir) });
    const azurite = parts.azurite;
    storage = azurite.connectionString;
    log(
      `Azurite started (pid ${azurite.pid}; blob ${azurite.blobPort}, queue ${azurite.queuePort}, table ${azurite.tablePort})`,
    );
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
    // The embedded search index beside the rest of the host's data (rebuilt from the tables when missing).
    SUPPORTDESK_SEARCH_INDEX_DIR: process.env.SUPPORTDESK_SEARCH_INDEX_DIR ?? path.join(settings.dataDir, 'search'),
  };
  // Storage queues stand in for the Service Bus topic, `.eml` files for Communication Services.
  const notifications = new LocalNotifications({
    storageConnectionString: storage,
    dataDir: settings.dataDir,
    from: process.env.SUPPORTDESK_EMAIL_SENDER,
    log,
    backgroundTurn: () => foreground.turn(),
  });
  configureRuntime({ env: appEnv, clock, ...notifications.overrides() });
  const runtime = getRuntime();
  await runtime.ready;
  const appOrigins = [new URL(baseUrl).origin, new URL(appEnv.SUPPORTDESK_PUBLIC_URL).origin];
  // The Azurite this host started is its own to configure; someone else's storage keeps its CORS rules.
  if (parts.azurite) await allowBrowserUploads(storage, appOrigins);
  else log(`attachments: browser uploads need a Blob CORS rule allowing ${appOrigins.join(', ')} on that storage`);

  const registry = installFunctionsCoreShim();
  // functions/ beside this file's tree: the sources through tsx, dist/functions when built.
  await loadFunctionFiles(path.resolve(__dirname, '../functions'));
  const engine = new LocalDurableEngine({
    registry,
    storageConnectionString: storage,
    taskHub: 'SupportDesk',
    clock,
    baseUrl,
    log,
    access,
  });
  parts.engine = engine;
  await engine.start();
  parts.notifications = notifications;
  parts.relay = runtime.notifications.relay;
  // The functions' other input bindings: the Durable client, for HTTP functions, the `sla` function and timers alike.
  const inputBindings: InputBindingProviders = { durableClient: () => engine.durableClientInput() };
  await notifications.start(registry, inputBindings);
  // With the virtual clock, timers fire only when the clock is moved.
  const timers = new TimerTriggerRunner({
    registry,
    clock,
    automatic: settings.SUPPORTDESK_CLOCK === 'system',
    env: appEnv,
    log,
    inputBindings,
  });
  parts.timers = timers;
  timers.start();
  const inbox = new MailInboxFolder(settings.dataDir, () => runtime.mailIn.intake, clock, log);
  parts.inbox = inbox;
  await inbox.start();

  const hostRoutes: HostRoute[] = [
    (req, res, body) => engine.handleHttp(req, res, body),
    notifications.route(admin.key),
    devMeterRoute(runtime.meter, admin.key),
  ];
  // Moving the virtual clock first waits for the start-up repair below and for the work of changes just made.
  let repaired: Promise<unknown> = Promise.resolve();
  const settle = async () => {
    await repaired;
    await settleHost({ relay: runtime.notifications.relay, topic: notifications, engine, log });
  };
  if (clock instanceof PersistentVirtualClock)
    hostRoutes.push(devClockRoute(clock, timerDriver(engine, timers, clock, settle), admin.key));
  // Whatever /api/dev/* route this host has or lacks, none answers without the admin key.
  hostRoutes.unshift(devRoutesNeedAdmin(admin.key));
  const gateway = new HttpGateway({ registry, routePrefix: readRoutePrefix(appRoot), log, hostRoutes, inputBindings });
  handler = (req, res) => void gateway.handle(req, res);
  // Deliverers call this host's Durable API, so the topic is delivered once it answers. Then the outbox
  // is swept once, as the outbox-sweep timer would soon do on a real schedule (with the virtual clock it
  // fires only when the clock moves): events a killed host left unpublished reach the topic, and so
  // the tickets they concern get their SLA orchestrations before any of their timers is judged.
  notifications.deliver();
  repaired = runtime.notifications.relay.sweep().then(
    (report) => report.published > 0 && log(`outbox: ${report.published} event(s) left by an earlier run published`),
    (error: unknown) =>
      log(
        `outbox: start-up sweep failed (the outbox-sweep timer retries): ${error instanceof Error ? error.message : String(error)}`,
      ),
  );

  process.stdout.write(
    [
      '',
      `Support Desk local host listening on ${baseUrl}/api`,
      `  pages: ${baseUrl}/portal (client portal), ${baseUrl}/console (staff console)`,
      `  admin key (${admin.origin}): ${admin.key}`,
      `  data folder: ${settings.dataDir}`,
      `  mail: ${notifications.mailFolder} (sent); drop .eml files in ${inbox.inbox} to mail the desk`,
      `  storage: ${parts.azurite ? 'Azurite started by the local host' : 'AzureWebJobsStorage'}`,
      `  clock: ${settings.SUPPORTDESK_CLOCK}${settings.SUPPORTDESK_CLOCK === 'virtual' ? ` (now ${clock.now().toISOString()}; move it with POST /api/dev/clock)` : ''}`,
      `  functions: ${registry
        .all()
        .map((f) => f.name)
        .join(', ')}`,
      '',
    ].join('\n'),
  );
}

/**
 * Brings down what was started, in the order that loses nothing: no new requests and those under way
 * answered; then the work they caused (timers, orchestrations, the topic pump); storage last.
 */
async function stopAll(parts: Started, log: (line: string) => void): Promise<void> {
  if (parts.server && parts.drain) {
    const { cutOff } = await parts.drain.quiesce(parts.server, drainTimeoutMs);
    if (cutOff > 0) log(`${cutOff} request(s) still under way after ${drainTimeoutMs} ms will be cut off`);
  }
  // Publishes the answered requests left to the relay are finished rather than left to the next start's sweep.
  await parts.relay?.idle();
  await parts.timers?.stop();
  await parts.inbox?.stop();
  // The topic pump before the engine, and both while the server still answers internal calls: the `sla`
  // deliverer reaches the engine through this host's Durable HTTP API. What the pump leaves stays queued.
  await parts.notifications?.stop();
  await parts.engine?.stop();
  await parts.relay?.idle();
  if (parts.server && parts.drain) await parts.drain.close(parts.server);
  if (parts.azurite) {
    await parts.azurite.stop();
    log('Azurite stopped (data saved)');
  }
}

/** Not the host's calls to itself, nor the dev routes that wait for background work. */
function isForegroundRequest(req: IncomingMessage, internalPath: string): boolean {
  const url = req.url ?? '';
  return !url.includes(internalPath) && !url.startsWith('/api/dev/');
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} is in use on 127.0.0.1: stop what uses it or set PORT to another port`)
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
}

function startFailure(error: unknown): string {
  return `The local host could not start: ${error instanceof Error ? error.message : String(error)}`;
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
function timerDriver(
  engine: LocalDurableEngine,
  timers: TimerTriggerRunner,
  clock: Clock,
  settle: () => Promise<void>,
): TimerDriver {
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
