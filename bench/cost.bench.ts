/**
 * npm run bench:cost — what one client instance costs in Azure, from operations counted where they
 * happen (the meter behind `GET /api/dev/meter`, docs/performance.md "What an instance costs").
 *
 * On the local host with the virtual clock and its own Azurite:
 *  1. idle: two virtual hours in five-minute steps with no tickets — the timers and what they do;
 *  2. a month of one client (March 2027): tickets through the portal (e-mail sign-in link, session),
 *     the API (a client key), alerts (Alertmanager) and mail (the inbox folder); staff assess, comment,
 *     log time and resolve, the requester confirms; webhooks to a receiver in this process; SLA
 *     orchestrations and their timers; the monthly SLA report e-mail on 1 April and a report read;
 *  3. whole-pipeline CPU per ticket (host and Azurite, deferred work included, as `bench:intake` takes
 *     it) for bare API creates, beside bare `createEntity` calls into the same Azurite (the baseline).
 * Then counts per ticket and per idle hour, and the monthly cost of an instance idle and at 100, 1,000
 * and 10,000 tickets a month for both Durable backends, priced by `bench/cost-model.ts`.
 *
 * Settings (environment): COST_TICKETS (tickets in the month, default 100), COST_PIPELINE_TICKETS
 * (tickets of phase 3, default 300), COST_PROFILE_DIR (a `--cpu-prof` profile of the local host, written
 * when it stops). Nothing here asserts a time.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { startAzurite, type RunningAzurite } from '../local-host/azurite-process';
import { contractClient } from '../test/support/contract';
import { startLocalHost, type RunningLocalHost } from '../test/support/local-host';
import {
  addCounts,
  azureStorageDurable,
  durablePollingPerIdleHour,
  hoursPerMonth,
  monthlyCost,
  scaleCounts,
  schedulerActions,
  type Counts,
  type CostOptions,
} from './cost-model';

const TICKETS = Number(process.env.COST_TICKETS ?? 100);
const PIPELINE_TICKETS = Number(process.env.COST_PIPELINE_TICKETS ?? 300);
const DEADLINE_MS = 15 * 60_000;
const clientId = 'acme';
const requester = 'jo@acme.example';
const secret = 'whsec_eydjMdng0uWHgiWATv9UuLkMZZJqalQ/';
/** Monday 1 March 2027, 07:00 UTC (the client's office opens at 09:00 London = 09:00 UTC in March). */
const monthStart = Date.parse('2027-03-01T07:00:00Z');
const hour = 3_600_000;
/**
 * Saturday 27 February 2027, 00:00 UTC: an ordinary night, away from the daily `retention-sweep`
 * (03:30) and the monthly reports (the 1st and 2nd), whose few runs a month are added from their schedules.
 */
const idleStart = Date.parse('2027-02-27T00:00:00Z');

// ---------------------------------------------------------------------------------------------- helpers

/** CPU milliseconds so far of the local host and of Azurite, by process id (Linux `/proc`; zeros elsewhere). */
let watched: { host: number; azurite: number } = { host: 0, azurite: 0 };
function childCpu(): { host: number; azurite: number } {
  const of = (pid: number): number => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10; // USER_HZ is 100
    } catch {
      return 0;
    }
  };
  return { host: of(watched.host), azurite: of(watched.azurite) };
}

const busyCounts = new Set(['functions.busyPeriods', 'functions.busyMs', 'functions.billedMs', 'functions.cpuMicros']);

/** Without the per-function copies (`by.<function>.*`). */
function unscoped(counts: Counts): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([name]) => !name.startsWith('by.')));
}

function diff(after: Counts, before: Counts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(after)) {
    const d = value - (before[name] ?? 0);
    if (d !== 0) out[name] = d;
  }
  return out;
}

/** A webhook receiver: counts what it is sent and answers 200. */
async function startReceiver(): Promise<{ url: string; count(): number; close(): Promise<void> }> {
  let received = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    count: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits for a condition the host reaches in the background (a mail file, the inbox), with a deadline. */
async function until<T>(what: string, check: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

class Bench {
  failures: string[] = [];
  constructor(readonly host: RunningLocalHost) {}

  async call(label: string, pathAndQuery: string, init: Parameters<RunningLocalHost['api']>[1], ok: number[]) {
    const res = await this.host.api(pathAndQuery, init);
    const text = await res.text();
    if (!ok.includes(res.status)) this.failures.push(`${label}: ${res.status} ${text.slice(0, 200)}`);
    return { status: res.status, text, headers: res.headers };
  }

  async meter(): Promise<Record<string, number>> {
    const res = await this.host.api('/dev/meter');
    if (res.status !== 200) throw new Error(`GET /dev/meter: ${res.status}`);
    return ((await res.json()) as { counts: Record<string, number> }).counts;
  }

  async drain(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const res = await this.host.api('/dev/topic/drain', { method: 'POST' });
      await res.text();
      if (res.status === 200) return;
      if (attempt >= 4) throw new Error(`the topic did not drain: ${res.status}`);
    }
  }

  /** Moves the virtual clock; the host answers once the timers this fired have settled (relayed, `sla` delivered). */
  async clockTo(at: number): Promise<void> {
    await this.call('clock', '/dev/clock', { method: 'POST', json: { now: new Date(at).toISOString() } }, [200]);
  }
}

// ---------------------------------------------------------------------------------------------- the month

interface MonthEvent {
  readonly at: number;
  readonly label: string;
  run(): Promise<void>;
}

async function main(): Promise<void> {
  let azurite: RunningAzurite | undefined;
  let host: RunningLocalHost | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  const cleanup = async () => {
    await host?.stop().catch(() => undefined);
    await azurite?.stop().catch(() => undefined);
    await receiver?.close().catch(() => undefined);
  };
  const watchdog = setTimeout(() => {
    console.error(`cost bench: still running after ${DEADLINE_MS / 1000} s; giving up`);
    void cleanup().finally(() => process.exit(2));
  }, DEADLINE_MS);
  watchdog.unref();
  try {
    const began = performance.now();
    azurite = await startAzurite();
    receiver = await startReceiver();
    const profileDir = process.env.COST_PROFILE_DIR;
    host = await startLocalHost({
      ...(profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] } : {}),
      clock: 'virtual',
      clockStart: new Date(idleStart - hour).toISOString(),
      env: {
        AzureWebJobsStorage: azurite.connectionString,
        SUPPORTDESK_SUPPORT_ADDRESS: 'support@desk.example',
        SUPPORTDESK_SUPPORT_LEAD_EMAIL: 'lead@desk.example',
        SUPPORTDESK_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      },
    });
    watched = { host: host.pids().host, azurite: azurite.pid };
    const b = new Bench(host);
    console.log(
      `Cost benchmark — Node ${process.version}, ${os.cpus().length} CPUs, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; local host (virtual clock) on Azurite in memory; ${TICKETS} tickets in the month`,
    );

    // --- set-up: the client, its requester, keys, hours, a webhook
    await b.call(
      'PUT client',
      `/clients/${clientId}`,
      {
        method: 'PUT',
        json: {
          ...contractClient(),
          notifications: { webhooks: [{ url: receiver.url, secret, events: ['ticket.*', 'sla.*'] }] },
        },
      },
      [201],
    );
    await b.call(
      'PUT contact',
      `/clients/${clientId}/contacts/${encodeURIComponent(requester)}`,
      { method: 'PUT', json: { name: 'Jo', roles: ['requester', 'approver'] } },
      [201],
    );
    const apiKey = JSON.parse(
      (
        await b.call(
          'API key',
          `/clients/${clientId}/api-keys`,
          { method: 'POST', json: { name: 'itsm', scopes: ['tickets:read', 'tickets:write'] } },
          [201],
        )
      ).text,
    ) as { key: string };
    const alertKey = JSON.parse(
      (
        await b.call(
          'alert key',
          `/clients/${clientId}/api-keys`,
          { method: 'POST', json: { name: 'alertmanager', scopes: ['alerts:write'] } },
          [201],
        )
      ).text,
    ) as { key: string };
    await b.call(
      'purchase',
      `/clients/${clientId}/hour-bank/purchases`,
      { method: 'POST', json: { hours: 500, reference: 'PO-1' } },
      [201],
    );
    await b.drain();

    // --- 1. idle: two hours in five-minute steps, nothing else happening
    await b.clockTo(idleStart);
    await b.drain();
    const idleBefore = await b.meter();
    const idleCpuBefore = childCpu();
    const idleHours = 2;
    for (let t = 5; t <= idleHours * 60; t += 5) await b.clockTo(idleStart + t * 60_000);
    await b.drain();
    const idle = diff(await b.meter(), idleBefore);
    const idleCpu = childCpu();
    const idlePerHour = scaleCounts(unscoped(idle), 1 / idleHours);
    // What one run of each timer costs when there is nothing to do, to take the month's timer runs (one an
    // hour there, as the clock moves by hours) out of its per-ticket counts; their work for tickets stays.
    const timerNames = Object.keys(idle)
      .filter((name) => name.startsWith('by.') && name.endsWith('.functions.executions.timerTrigger'))
      .map((name) => name.slice(3, -'.functions.executions.timerTrigger'.length));
    const idleRunOf = (counts: Counts, fn: string): Record<string, number> => {
      const prefix = `by.${fn}.`;
      const runs = counts[`${prefix}functions.executions`] ?? 0;
      const own: Record<string, number> = {};
      for (const [name, value] of Object.entries(counts))
        if (name.startsWith(prefix)) own[name.slice(prefix.length)] = runs > 0 ? value / runs : 0;
      return own;
    };

    // --- 2. the month
    const portalSession = async (): Promise<{ cookie: string; csrf: string }> => {
      const mailDir = path.join(host!.dataDir, 'mail');
      const before = new Set(existsSync(mailDir) ? readdirSync(mailDir) : []);
      await b.call('sign-in link', '/sign-in/links', { method: 'POST', key: null, json: { email: requester } }, [202]);
      const file = await until('the sign-in mail', () =>
        readdirSync(mailDir).find(
          (f) =>
            f.endsWith('.eml') && !before.has(f) && readFileSync(path.join(mailDir, f), 'utf8').includes(requester),
        ),
      );
      // Quoted-printable: soft breaks joined, `=3D` back to `=`.
      const text = readFileSync(path.join(mailDir, file), 'utf8')
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      const token = /#token=([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '';
      const res = await b.call(
        'session',
        '/sessions',
        { method: 'POST', key: null, json: { token }, headers: { origin: host!.baseUrl } },
        [201],
      );
      return {
        cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
        csrf: (JSON.parse(res.text || '{}') as { csrfToken?: string }).csrfToken ?? '',
      };
    };
    const inbox = path.join(host.dataDir, 'mail', 'inbox');
    let mailSeq = 0;
    const ids: (string | undefined)[] = [];
    const severityOf = (i: number) => (i % 10 === 0 ? 'cat1' : 'cat2');
    const create = async (i: number): Promise<void> => {
      const title = `Checkout fails for basket ${i}`;
      const description = `The checkout page answers 502 when the basket holds more than ${i % 50} items.`;
      const channel = i % 20 < 8 ? 'portal' : i % 20 < 13 ? 'api' : i % 20 < 17 ? 'alert' : 'mail';
      if (channel === 'portal') {
        const session = await portalSession();
        const res = await b.call(
          'portal create',
          '/tickets',
          {
            method: 'POST',
            key: null,
            headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, origin: host!.baseUrl },
            json: { clientId, title, description, severity: severityOf(i) },
          },
          [201],
        );
        ids[i] = (JSON.parse(res.text || '{}') as { id?: string }).id;
      } else if (channel === 'api') {
        const res = await b.call(
          'API create',
          '/tickets',
          {
            method: 'POST',
            key: apiKey.key,
            json: { clientId, title, description, severity: severityOf(i), reporter: requester },
          },
          [201],
        );
        ids[i] = (JSON.parse(res.text || '{}') as { id?: string }).id;
      } else if (channel === 'alert') {
        const alert = {
          version: '4',
          groupKey: `{}:{alertname="Down${i}"}`,
          status: 'firing',
          receiver: 'support-desk',
          groupLabels: { alertname: `Down${i}` },
          commonLabels: { alertname: `Down${i}`, severity: i % 10 === 0 ? 'critical' : 'warning' },
          commonAnnotations: { summary: title },
          externalURL: 'http://alertmanager.example.com:9093',
          alerts: [
            {
              status: 'firing',
              labels: {
                alertname: `Down${i}`,
                instance: `web-${i}:9100`,
                severity: i % 10 === 0 ? 'critical' : 'warning',
              },
              annotations: { summary: title, description },
              startsAt: new Date(monthStart).toISOString(),
              endsAt: '0001-01-01T00:00:00Z',
              fingerprint: `f${String(i).padStart(15, '0')}`,
            },
          ],
        };
        await b.call('alert', '/alerts/alertmanager', { method: 'POST', key: alertKey.key, json: alert }, [202]);
        await b.drain();
        const list = await b.call('list', `/tickets?clientId=${clientId}&limit=5`, {}, [200]);
        const items = (JSON.parse(list.text || '{}') as { items?: { id: string; title: string }[] }).items ?? [];
        ids[i] = items.find((t) => t.title.includes(`Down${i}`) || t.title === title)?.id;
      } else {
        const name = `m${++mailSeq}.eml`;
        const raw = [
          `From: Jo <${requester}>`,
          'To: support@desk.example',
          `Subject: ${title}`,
          'Date: Mon, 01 Mar 2027 10:00:00 +0000',
          `Message-ID: <bench-${i}@acme.example>`,
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
          '',
          description,
        ].join('\r\n');
        writeFileSync(path.join(inbox, name), raw);
        await until(`${name} taken`, () => (existsSync(path.join(inbox, 'done', name)) ? true : undefined));
        await b.drain();
        const list = await b.call('list', `/tickets?clientId=${clientId}&limit=5`, {}, [200]);
        const items = (JSON.parse(list.text || '{}') as { items?: { id: string; title: string }[] }).items ?? [];
        ids[i] = items.find((t) => t.title === title)?.id;
      }
      if (!ids[i]) b.failures.push(`ticket ${i} (${channel}) not found after creating it`);
    };
    const act = (i: number, label: string, body: Record<string, unknown>) => async () => {
      const id = ids[i];
      if (!id) return;
      await b.call(label, `/tickets/${id}/actions`, { method: 'POST', json: body }, [200, 201]);
    };
    const events: MonthEvent[] = [];
    // Working days of March 2027 (Mon 1st … Wed 31st), tickets spread over them from 09:00.
    const workingDays: number[] = [];
    for (let d = 0; d < 31; d++) {
      const day = monthStart - 7 * hour + d * 24 * hour;
      const weekday = new Date(day).getUTCDay();
      if (weekday !== 0 && weekday !== 6) workingDays.push(day);
    }
    for (let i = 0; i < TICKETS; i++) {
      const day = workingDays[i % workingDays.length]!;
      const at = day + (9 + (Math.floor(i / workingDays.length) % 7)) * hour;
      events.push({ at, label: 'create', run: () => create(i) });
      events.push({
        at: at + hour,
        label: 'assess',
        run: act(i, 'assess', { action: 'assess', tier: 'L2', note: 'Looking into it.' }),
      });
      events.push({
        at: at + 2 * hour,
        label: 'comment',
        run: act(i, 'comment', { action: 'comment', text: 'We can reproduce it; a fix is on its way.' }),
      });
      events.push({
        at: at + 3 * hour,
        label: 'time',
        run: async () => {
          const id = ids[i];
          if (!id) return;
          await b.call(
            'time entry',
            `/tickets/${id}/time-entries`,
            { method: 'POST', json: { hours: 0.5, note: 'Diagnosis' } },
            [201],
          );
        },
      });
      events.push({
        at: at + 24 * hour,
        label: 'resolve',
        run: act(i, 'resolve', { action: 'resolve', cause: 'A null basket line.', fix: 'Guarded the line.' }),
      });
      events.push({
        at: at + 48 * hour,
        label: 'confirm',
        run: act(i, 'confirm', { action: 'confirm', by: requester }),
      });
    }
    events.sort((x, y) => x.at - y.at);

    await b.clockTo(monthStart);
    await b.drain();
    const monthBefore = await b.meter();
    const monthCpuBefore = childCpu();
    const monthEnd = Date.parse('2027-04-03T00:00:00Z');
    let next = 0;
    // Hour by hour in office hours; four hours at a time at night and at weekends, when nothing is
    // scheduled (the SLA timers still fire at their own instants: the clock route steps to each).
    for (let t = monthStart; t <= monthEnd;) {
      await b.clockTo(t);
      while (next < events.length && events[next]!.at <= t) await events[next++]!.run();
      if (next > 0) await b.drain();
      const at = new Date(t);
      const office = at.getUTCDay() !== 0 && at.getUTCDay() !== 6 && at.getUTCHours() >= 8 && at.getUTCHours() < 20;
      t += office ? hour : 4 * hour;
    }
    await b.call('SLA report', `/clients/${clientId}/reports/sla?from=2027-03&to=2027-03`, {}, [200]);
    await b.drain();
    const month = diff(await b.meter(), monthBefore);
    const monthCpu = childCpu();
    const monthHours = (monthEnd - monthStart) / hour;

    // --- 3. whole-pipeline CPU per ticket: bare API creates, drained, against bare createEntity calls
    const pipeline = await pipelineCpu(b, azurite.connectionString);

    // ------------------------------------------------------------------------------------------ report
    const monthTimerRuns = month['functions.executions.timerTrigger'] ?? 0;
    const tickets = TICKETS;
    // The month's counts less what its timer runs would have done with nothing to do, per ticket.
    const ticketWork: Record<string, number> = unscoped(month);
    for (const fn of timerNames) {
      const runs = month[`by.${fn}.functions.executions`] ?? 0;
      for (const [name, value] of Object.entries(idleRunOf(idle, fn))) {
        // Busy periods are not additive (the month's hourly steps fire its timers together): a timer's
        // periods are left out whole; the idle hours above carry them.
        if (busyCounts.has(name)) ticketWork[name] = (ticketWork[name] ?? 0) - (month[`by.${fn}.${name}`] ?? 0);
        else ticketWork[name] = (ticketWork[name] ?? 0) - value * runs;
      }
    }
    // Timers that do not run in an ordinary hour (the daily retention sweep, the monthly reports on the 1st
    // and 2nd): what they did in the month is a fixed monthly cost, not the tickets'.
    const rareTimers = Object.keys(month)
      .filter((name) => name.startsWith('by.') && name.endsWith('.functions.executions.timerTrigger'))
      .map((name) => name.slice(3, -'.functions.executions.timerTrigger'.length))
      .filter((fn) => !timerNames.includes(fn));
    const fixedMonthly: Record<string, number> = {};
    for (const fn of rareTimers) {
      const prefix = `by.${fn}.`;
      for (const [name, value] of Object.entries(month)) {
        if (!name.startsWith(prefix)) continue;
        const plain = name.slice(prefix.length);
        ticketWork[plain] = (ticketWork[plain] ?? 0) - value;
        fixedMonthly[plain] = (fixedMonthly[plain] ?? 0) + value;
      }
    }
    const perTicket = scaleCounts(ticketWork, 1 / tickets);
    const show = [
      'functions.executions',
      'functions.executions.httpTrigger',
      'functions.executions.serviceBusTrigger',
      'functions.executions.orchestrationTrigger',
      'functions.executions.activityTrigger',
      'functions.executions.timerTrigger',
      'functions.busyPeriods',
      'functions.billedMs',
      'functions.cpuMicros',
      'table.transactions',
      'table.batch',
      'table.read',
      'table.query',
      'table.write',
      'table.delete',
      'blob.transactions',
      'serviceBus.sends',
      'serviceBus.messagesSent',
      'serviceBus.received',
      'serviceBus.settled',
      'durable.episodes',
      'durable.historyEvents',
      'email.sent',
      'email.bytes',
    ];
    const fmt = (v: number | undefined) => (v === undefined ? '—' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
    console.log(`\nset-up and phases took ${((performance.now() - began) / 1000).toFixed(0)} s`);
    console.log(`webhook posts received: ${receiver.count()}`);
    console.log(
      'idle, per hour, by timer: ' +
        timerNames
          .map(
            (fn) =>
              `${fn} ${((idle[`by.${fn}.functions.executions`] ?? 0) / idleHours).toFixed(1)} runs, ${((idle[`by.${fn}.table.transactions`] ?? 0) / idleHours).toFixed(0)} table tx`,
          )
          .join('; '),
    );
    console.log('\ncounts                                      per idle hour   per ticket (month, timers taken out)');
    for (const name of show)
      console.log(`  ${name.padEnd(40)} ${fmt(idlePerHour[name]).padStart(12)}   ${fmt(perTicket[name]).padStart(12)}`);
    // Where the table transactions of the month go, by the function whose execution made them.
    const byFunction = Object.entries(month)
      .filter(([name]) => name.startsWith('by.') && name.endsWith('.table.transactions'))
      .map(([name, value]) => [name.slice(3, -'.table.transactions'.length), value / tickets] as const)
      .sort((x, y) => y[1] - x[1]);
    const attributed = byFunction.reduce((sum, [, v]) => sum + v, 0);
    console.log(
      `  table transactions per ticket by function (timers included): ${byFunction
        .slice(0, 12)
        .map(([fn, v]) => `${fn} ${v.toFixed(1)}`)
        .join(', ')}; outside any execution ${((month['table.transactions'] ?? 0) / tickets - attributed).toFixed(1)}`,
    );
    const asPerTicket = azureStorageDurable(perTicket);
    const asIdle = durablePollingPerIdleHour(1);
    console.log(
      `  ${'Durable, Azure Storage: table transactions'.padEnd(40)} ${'—'.padStart(12)}   ${fmt(asPerTicket.table).padStart(12)}`,
    );
    console.log(
      `  ${'Durable, Azure Storage: queue class 1'.padEnd(40)} ${'—'.padStart(12)}   ${fmt(asPerTicket.queueClass1).padStart(12)}`,
    );
    console.log(
      `  ${'Durable, Azure Storage: polling, up all hour'.padEnd(40)} ${`${fmt(asIdle.queueClass2)} q + ${fmt(asIdle.blobWrite)} b`.padStart(12)}   ${'—'.padStart(12)}`,
    );
    console.log(
      `  ${'Durable Task Scheduler: actions'.padEnd(40)} ${'0'.padStart(12)}   ${fmt(schedulerActions(perTicket)).padStart(12)}`,
    );
    console.log(
      `month: ${tickets} tickets over ${monthHours} virtual hours, ${monthTimerRuns} timer runs; ` +
        `host CPU ${(monthCpu.host - monthCpuBefore.host).toFixed(0)} ms, Azurite ${(monthCpu.azurite - monthCpuBefore.azurite).toFixed(0)} ms; ` +
        `idle: host ${((idleCpu.host - idleCpuBefore.host) / idleHours).toFixed(0)} ms and Azurite ${((idleCpu.azurite - idleCpuBefore.azurite) / idleHours).toFixed(0)} ms per idle hour`,
    );

    // Monthly cost: the idle month (every hour's timers) plus the tickets' work.
    const idleMonth = addCounts(scaleCounts(idlePerHour, hoursPerMonth), fixedMonthly);
    console.log(
      `idle month: ${fmt(idleMonth['functions.executions'])} executions (${rareTimers.join(', ') || 'no rare timers'} counted as they ran in the month: ${fmt(fixedMonthly['functions.executions'])} executions, ${fmt(fixedMonthly['email.sent'])} e-mails)`,
    );
    const scenarios: { label: string; options: CostOptions }[] = [
      {
        label: 'Azure Storage backend, own free grant',
        options: { backend: 'azureStorage', freeGrant: true, durableUpFraction: 1, instancesPerNamespace: 1 },
      },
      {
        label: 'Azure Storage backend, grant used by others',
        options: { backend: 'azureStorage', freeGrant: false, durableUpFraction: 1, instancesPerNamespace: 1 },
      },
      {
        label: 'Durable Task Scheduler (Consumption), own free grant',
        options: { backend: 'durableTaskScheduler', freeGrant: true, durableUpFraction: 0, instancesPerNamespace: 1 },
      },
      {
        label: 'Durable Task Scheduler (Consumption), grant used by others',
        options: { backend: 'durableTaskScheduler', freeGrant: false, durableUpFraction: 0, instancesPerNamespace: 1 },
      },
      {
        label: 'DTS, grant used by others, Service Bus namespace shared by 10',
        options: { backend: 'durableTaskScheduler', freeGrant: false, durableUpFraction: 0, instancesPerNamespace: 10 },
      },
    ];
    const volumes = [0, 100, 1000, 10_000];
    console.log('\nmonthly cost of one instance, USD (no Front Door; list prices of docs/azure-prices.md)');
    console.log(
      `  ${'scenario'.padEnd(62)} ${volumes.map((v) => (v === 0 ? 'idle' : `${v}/month`).padStart(12)).join('')}`,
    );
    for (const { label, options } of scenarios) {
      const row = volumes.map((v) => monthlyCost(addCounts(idleMonth, scaleCounts(perTicket, v)), options).total);
      console.log(`  ${label.padEnd(62)} ${row.map((c) => `$${c.toFixed(2)}`.padStart(12)).join('')}`);
    }
    const parts = (v: number, options: CostOptions) => {
      const c = monthlyCost(addCounts(idleMonth, scaleCounts(perTicket, v)), options);
      return `functions $${c.functions.toFixed(2)}, storage $${c.storage.toFixed(2)}, Service Bus $${c.serviceBus.toFixed(2)}, DTS $${c.durable.toFixed(2)}, e-mail $${c.email.toFixed(2)}, Key Vault $${c.keyVault.toFixed(2)}`;
    };
    console.log('\nwhere it goes (grant used by others):');
    for (const v of volumes)
      for (const s of [scenarios[1]!, scenarios[3]!])
        console.log(
          `  ${(v === 0 ? 'idle' : `${v}/month`).padEnd(12)} ${s.options.backend.padEnd(22)} ${parts(v, s.options)}`,
        );

    console.log(
      '\nwhole pipeline CPU per ticket (API create, relay, deliveries, orchestration start, first timer; drained):',
    );
    console.log(
      `  ${pipeline.tickets} tickets: host ${pipeline.hostMs.toFixed(2)} + Azurite ${pipeline.azuriteMs.toFixed(2)} = ${(pipeline.hostMs + pipeline.azuriteMs).toFixed(2)} ms per ticket; ` +
        `bare createEntity (baseline, same Azurite): Azurite + client ${pipeline.bareMs.toFixed(2)} ms per entity → ratio ${((pipeline.hostMs + pipeline.azuriteMs) / pipeline.bareMs).toFixed(1)}×`,
    );
    console.log(
      `  the month's function executions used ${((month['functions.cpuMicros'] ?? 0) / 1000 / tickets).toFixed(2)} ms of host CPU per ticket while executing (all actions of a ticket's life)`,
    );

    if (b.failures.length > 0) {
      console.log(`\n${b.failures.length} calls failed, the first ones:\n  ${b.failures.slice(0, 10).join('\n  ')}`);
      process.exitCode = 1;
    }
    console.log(`\ntotal ${((performance.now() - began) / 1000).toFixed(0)} s`);
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
}

/** Bare API creates (as `bench:intake` makes them), the pipeline drained, beside bare entity inserts. */
async function pipelineCpu(
  b: Bench,
  connectionString: string,
): Promise<{ tickets: number; hostMs: number; azuriteMs: number; bareMs: number }> {
  const create = (i: number) =>
    b.call(
      'pipeline create',
      '/tickets',
      {
        method: 'POST',
        json: {
          clientId,
          title: `Checkout fails for basket ${i}`,
          description: `The checkout page answers 502 when the basket holds more than ${i % 50} items. Seen since this morning.`,
          severity: i % 3 === 0 ? 'cat1' : 'cat2',
          reporter: requester,
          channel: 'email',
        },
      },
      [201],
    );
  const inParallel = async (count: number, task: (i: number) => Promise<unknown>) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = next++; i < count; i = next++) await task(i);
      }),
    );
  };
  await inParallel(50, create); // warm-up
  await b.drain();
  const before = childCpu();
  await inParallel(PIPELINE_TICKETS, create);
  await b.drain();
  // The orchestrations' first steps after the drain: wait until host and Azurite are quiet.
  for (let quiet = 0; quiet < 2;) {
    const a = childCpu();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const z = childCpu();
    quiet = z.host - a.host + z.azurite - a.azurite < 50 ? quiet + 1 : 0;
  }
  const after = childCpu();
  const bare = TableClient.fromConnectionString(connectionString, 'costbare', { allowInsecureConnection: true });
  await bare.createTable();
  const doc = 'x'.repeat(1500);
  await inParallel(200, (i) => bare.createEntity({ partitionKey: 'w', rowKey: String(i), doc }));
  const bareBefore = childCpu();
  const clientBefore = process.cpuUsage();
  await inParallel(PIPELINE_TICKETS, (i) => bare.createEntity({ partitionKey: 'p', rowKey: String(i), doc }));
  const client = process.cpuUsage(clientBefore);
  const bareAfter = childCpu();
  return {
    tickets: PIPELINE_TICKETS,
    hostMs: (after.host - before.host) / PIPELINE_TICKETS,
    azuriteMs: (after.azurite - before.azurite) / PIPELINE_TICKETS,
    bareMs: (bareAfter.azurite - bareBefore.azurite + (client.user + client.system) / 1000) / PIPELINE_TICKETS,
  };
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
