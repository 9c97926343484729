/**
 * A second process writing the same hot rows against the same Azurite (for the two-process tests):
 * `node --import tsx hot-row-worker.ts <connectionString> <ticketId> <count> <book|comment> [hours]`
 * books `count` time entries (or posts `count` comments) at once, after printing `ready`, and prints
 * `{ "done": n, "refused": n, "failed": [messages] }` as its last line. `refused` counts only a booking
 * past the overdraft (a 409 on `hours`): the one refusal a booking may meet.
 */
import { DomainError } from '../../src/domain/domain-error';
import { hourBankServices } from './hour-bank-fixture';

async function main(): Promise<void> {
  const [connectionString = '', ticketId = '', count = '0', mode = 'book', hours = '0.25'] = process.argv.slice(2);
  const { hourBank, tickets } = await hourBankServices(connectionString);
  const admin = { kind: 'admin' } as const;
  // Warm up (module loading, connections) before saying so, so the parent starts its own writes in step.
  await hourBank.timeEntries(admin, ticketId);
  process.stdout.write('ready\n');
  const write = (i: number): Promise<unknown> =>
    mode === 'comment'
      ? tickets.act(admin, ticketId, { action: 'comment', text: `worker ${i}` })
      : hourBank.logTime(admin, ticketId, { hours: Number(hours), note: `worker ${i}` });
  const results = await Promise.allSettled(Array.from({ length: Number(count) }, (_, i) => write(i)));
  const refused = results.filter(
    (r) =>
      r.status === 'rejected' &&
      r.reason instanceof DomainError &&
      r.reason.kind === 'conflict' &&
      r.reason.field === 'hours',
  );
  const failed = results
    .filter((r) => r.status === 'rejected' && !refused.includes(r))
    .map((r) => String((r as PromiseRejectedResult).reason));
  const done = results.filter((r) => r.status === 'fulfilled').length;
  process.stdout.write(`${JSON.stringify({ done, refused: refused.length, failed })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
