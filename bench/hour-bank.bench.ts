/**
 * Hot rows under contention: time entries per second on ONE client (every booking replaces the same
 * balance row under its ETag), and comments per second on ONE ticket (every action replaces its row),
 * against bare one-entity transactions per second into the same Azurite at the same concurrency, printed
 * as ratios. Each is run from one service instance and from two independent ones (what two processes
 * have: their own queues), whose writes collide on the ETag and re-read. A refused write does not stop
 * the bench: it is counted and printed by its reason (there should be none).
 *
 * Run: npm run bench:hour-bank. Starts its own Azurite (in memory), prints numbers, stops it. Nothing
 * here asserts a time. Settings (environment): HOURBANK_SECONDS (8, per phase), HOURBANK_CONCURRENCY
 * (16), HOURBANK_TICKETS (8, tickets of the client the bookings are spread over).
 */
import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { inMemoryClientService } from '../test/support/in-memory/in-memory-services';
import type { HourBankService } from '../src/app/hour-bank-service';
import { clientBodySchema } from '../src/http/operations/client-schemas';
import { startAzurite } from '../local-host/azurite-process';
import { contractClient } from '../test/support/contract';
import type { HourBankServices } from '../test/support/hour-bank-audit';
import { hourBankServices } from '../test/support/hour-bank-fixture';

const seconds = Number(process.env.HOURBANK_SECONDS ?? 8);
const concurrency = Number(process.env.HOURBANK_CONCURRENCY ?? 16);
const ticketCount = Number(process.env.HOURBANK_TICKETS ?? 8);

/** Refused operations of the whole run, by their message. */
const refused = new Map<string, number>();

/** Runs `task` from `concurrency` loops until the time is up; operations completed per second. */
async function rate(task: (worker: number, i: number) => Promise<unknown>): Promise<number> {
  const until = Date.now() + seconds * 1000;
  let done = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; Date.now() < until; i++) {
        try {
          await task(worker, i);
          done += 1;
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          refused.set(reason, (refused.get(reason) ?? 0) + 1);
        }
      }
    }),
  );
  return done / ((Date.now() - started) / 1000);
}

async function main(): Promise<void> {
  const azurite = await startAzurite({});
  try {
    const admin = { kind: 'admin' } as const;
    const one = await hourBankServices(azurite.connectionString);
    const two = await hourBankServices(azurite.connectionString);
    const base = contractClient() as { agreement: Record<string, unknown> };
    const body = clientBodySchema.parse({
      ...base,
      ticketPrefix: 'BENCH',
      agreement: { ...base.agreement, hourBank: { lowBalanceHours: 5, overdraftHours: 100_000 } },
      notifications: { webhooks: [] },
    });
    const clients = inMemoryClientService(one.clientStore, { now: () => new Date() });
    await clients.putClient('bench', body);
    await clients.putContact('bench', 'boss@bench.test', { name: 'Boss', roles: ['approver'], active: true });
    const tickets: string[] = [];
    for (let i = 0; i < ticketCount; i++) {
      const created = await one.tickets.create(admin, {
        clientId: 'bench',
        title: `t${i}`,
        description: 'd',
        severity: 'cat2',
        type: 'defect',
        reporter: 'boss@bench.test',
      });
      tickets.push((created.view as { id: string }).id);
    }
    await one.hourBank.purchase(admin, 'bench', { hours: 10_000, reference: 'bench' });

    const bare = TableClient.fromConnectionString(azurite.connectionString, 'tickets', {
      allowInsecureConnection: true,
    });
    const book = (service: HourBankService, worker: number) =>
      service.logTime(admin, tickets[worker % tickets.length]!, { hours: 0.25, note: 'bench' });

    console.log(
      `hour bank under contention: one client, ${ticketCount} tickets, ${concurrency} concurrent, ${seconds} s per phase`,
    );
    const bareRate = await rate(() =>
      bare.submitTransaction([['create', { partitionKey: 'bare', rowKey: randomUUID(), n: 1 }]]),
    );
    console.log(`  bare one-entity transactions into one partition: ${bareRate.toFixed(1)}/s`);
    const oneRate = await rate((worker) => book(one.hourBank, worker));
    console.log(`  bookings, one process:   ${oneRate.toFixed(1)}/s   ratio ${(oneRate / bareRate).toFixed(2)}`);
    const twoRate = await rate((worker) => book(worker % 2 ? one.hourBank : two.hourBank, worker));
    console.log(`  bookings, two processes: ${twoRate.toFixed(1)}/s   ratio ${(twoRate / bareRate).toFixed(2)}`);
    // Comments on ONE ticket: the ticket's row is the hot row.
    const hot = tickets[0]!;
    const comment = (service: HourBankServices['tickets']) =>
      service.act(admin, hot, { action: 'comment', text: 'bench' });
    const oneComments = await rate(() => comment(one.tickets));
    console.log(
      `  comments on one ticket, one process:   ${oneComments.toFixed(1)}/s   ratio ${(oneComments / bareRate).toFixed(2)}`,
    );
    const twoComments = await rate((worker) => comment(worker % 2 ? one.tickets : two.tickets));
    console.log(
      `  comments on one ticket, two processes: ${twoComments.toFixed(1)}/s   ratio ${(twoComments / bareRate).toFixed(2)}`,
    );
    const refusals = [...refused].map(([reason, n]) => `${n} × ${reason}`);
    console.log(`  refused: ${refusals.length === 0 ? 'none' : refusals.join('; ')}`);

    const bank = await one.hourBank.view(admin, 'bench');
    const sum = bank.entries.reduce((s, e) => s + e.hours, 0);
    const booked = (
      await Promise.all(tickets.map(async (id) => (await one.tickets.get(admin, id)).view.hoursBooked))
    ).reduce((s, h) => s + h, 0);
    console.log(
      `  exact: ${bank.entries.length - 1} call-offs, balance ${bank.balanceHours} h = sum of entries ${sum} h: ${bank.balanceHours === sum && booked === bank.calledOffHours ? 'yes' : 'NO'}`,
    );
  } finally {
    await azurite.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
