/**
 * The `maintenance-schedules` timer's run time with 1,000 clients × 5 schedules, beside listing the
 * same 5,000 schedules (one read of the `~schedule` partition, what a run starts with) in the same run,
 * on an Azurite this script starts.
 *
 * Each client has five schedules: daily 08:00 (skip holidays), weekly Monday 09:00, monthly first
 * Tuesday 10:00 (leadDays 7), monthly on the 31st (next working day, leadDays 3) and yearly on 1 June
 * (leadDays 30). Three runs are measured:
 * - the first run of the day (Mon 1 March 2027 08:00Z): the daily and the first-Tuesday occurrences
 *   are due, so it raises two tickets per client;
 * - runs a quarter of an hour apart after it: nothing new to raise, but every schedule whose check
 *   time has come (a day before its next raise: all the daily ones) is computed again — best of 3;
 * - a run when nothing is near (the query only), best of 3.
 *
 * Run: npm run bench:maintenance [-- clients]. Prints numbers only; nothing here asserts a time.
 */
import { createTableClients, ensureTables } from '../src/adapters/tables/table-clients';
import { TableClientStore } from '../src/adapters/tables/table-client-store';
import { TableMaintenanceSchedules } from '../src/adapters/tables/table-maintenance-schedules';
import { TableTicketStore } from '../src/adapters/tables/table-ticket-store';
import { CachedClientStore } from '../src/adapters/caching/cached-client-store';
import { inMemoryClientService } from '../test/support/in-memory/in-memory-services';
import { MaintenanceScheduleService } from '../src/app/maintenance-schedule-service';
import type { Principal } from '../src/app/principal';
import type { ScheduleDefinition } from '../src/domain/maintenance/schedule';
import { clientBodySchema } from '../src/http/operations/client-schemas';
import { startAzurite } from '../local-host/azurite-process';
import { contractClient } from '../test/support/contract';

const clients = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1000);
const ROUNDS = 3;
const admin: Principal = { kind: 'admin' };

const schedules: Record<string, ScheduleDefinition> = {
  daily: {
    title: 'Daily backup check',
    checklist: ['Last night’s backup completed'],
    rrule: 'FREQ=DAILY',
    start: '2027-01-01T08:00',
    leadDays: 0,
    onHoliday: 'skip',
    active: true,
  },
  weekly: {
    title: 'Weekly log review',
    checklist: ['Errors reviewed'],
    rrule: 'FREQ=WEEKLY;BYDAY=MO',
    start: '2027-01-04T09:00',
    leadDays: 0,
    onHoliday: 'next-working-day',
    active: true,
  },
  monthly: {
    title: 'Monthly health check',
    checklist: ['Backups restored', 'Certificates valid'],
    rrule: 'FREQ=MONTHLY;BYDAY=1TU',
    start: '2027-01-05T10:00',
    leadDays: 7,
    onHoliday: 'keep',
    active: true,
  },
  'month-end': {
    title: 'Month-end archive',
    checklist: ['Archive run'],
    rrule: 'FREQ=MONTHLY;BYMONTHDAY=31',
    start: '2027-01-31T18:00',
    leadDays: 3,
    onHoliday: 'next-working-day',
    active: true,
  },
  yearly: {
    title: 'Annual DR test',
    checklist: ['Failover rehearsed'],
    rrule: 'FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1',
    start: '2027-06-01T09:00',
    leadDays: 30,
    onHoliday: 'next-working-day',
    active: true,
  },
};

/** Runs `work` over `items` with `width` at a time. */
async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const azurite = await startAzurite({});
  try {
    const tables = createTableClients({
      AzureWebJobsStorage: azurite.connectionString,
      AzureWebJobsStorage__tableServiceUri: undefined,
      AZURE_CLIENT_ID: undefined,
    });
    await ensureTables(tables);
    let now = new Date('2027-02-26T12:00:00Z');
    const clock = { now: () => now };
    const clientStore = new CachedClientStore(new TableClientStore(tables.clients));
    const store = new TableMaintenanceSchedules(tables.clients);
    const service = new MaintenanceScheduleService(clientStore, store, new TableTicketStore(tables.tickets), clock);
    const ids = Array.from({ length: clients }, (_, i) => `client-${String(i).padStart(4, '0')}`);

    const started = performance.now();
    await pool(ids, 8, (id) =>
      inMemoryClientService(clientStore, clock).putClient(
        id,
        clientBodySchema.parse({ ...contractClient(), ticketPrefix: `C${id.slice(-4)}X` }),
      ),
    );
    await pool(
      ids.flatMap((id) => Object.entries(schedules).map(([sid, body]) => [id, sid, body] as const)),
      8,
      ([id, sid, body]) => service.put(admin, id, sid, body),
    );
    console.log(
      `set up ${clients} clients × ${Object.keys(schedules).length} schedules in ${seconds(performance.now() - started)}`,
    );

    const timed = async (work: () => Promise<unknown>): Promise<number> => {
      const t = performance.now();
      await work();
      return performance.now() - t;
    };

    const listing: number[] = [];
    let listed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Every schedule: '~' sorts after any instant, so this is the timer's query over the whole partition.
      listing.push(await timed(async () => (listed = (await store.dueForCheck('~')).length)));
    }
    const baseline = Math.min(...listing);
    console.log(`listing the ${listed} schedules (one partition read): best ${seconds(baseline)} of ${ROUNDS}`);
    const ratio = (ms: number): string => `${(ms / baseline).toFixed(2)}× the listing`;
    const summary = (r: Awaited<ReturnType<typeof service.raiseDue>>): string =>
      `${r.checked} schedules looked at, ${r.raised.length} tickets raised, ${r.failed.length} failed`;

    // The morning's first run: every daily and first-Tuesday occurrence is due at once (measured once:
    // it changes what the next run finds).
    now = new Date('2027-03-01T08:00:00Z');
    let report: Awaited<ReturnType<typeof service.raiseDue>> = { checked: 0, raised: [], missed: 0, failed: [] };
    const burst = await timed(async () => (report = await service.raiseDue()));
    console.log(`the morning's first run (${summary(report)}): ${seconds(burst)} — ${ratio(burst)}`);

    const steady: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      now = new Date(Date.parse('2027-03-01T08:00:00Z') + round * 15 * 60_000);
      steady.push(await timed(async () => (report = await service.raiseDue())));
    }
    console.log(
      `a run a quarter of an hour after the morning's (${summary(report)}): best ${seconds(Math.min(...steady))} of ${ROUNDS} — ${ratio(Math.min(...steady))}`,
    );

    const idle: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // An instant before every schedule's check time: the query finds nothing.
      idle.push(await timed(() => store.dueForCheck('2027-01-01T00:00:00.000Z')));
    }
    console.log(
      `a run with nothing near (the query alone): best ${seconds(Math.min(...idle))} of ${ROUNDS} — ${ratio(Math.min(...idle))}`,
    );
  } finally {
    await azurite.stop();
  }
}

void main();
