/**
 * A second process booking time against the same Azurite (for the two-process concurrency test):
 * `node --import tsx hour-bank-worker.ts <connectionString> <ticketId> <count> <hours>` books `count`
 * entries at once (after printing `ready`) and prints `{ "booked": n, "refused": n, "failed": [messages] }` as its last line.
 */
import { DomainError } from '../../src/domain/domain-error';
import { hourBankServices } from './hour-bank-fixture';

async function main(): Promise<void> {
  const [connectionString = '', ticketId = '', count = '0', hours = '0.25'] = process.argv.slice(2);
  const { hourBank } = await hourBankServices(connectionString);
  // Warm up (module loading, connections) before saying so, so the parent starts its own bookings in step.
  await hourBank.timeEntries({ kind: 'admin' }, ticketId);
  process.stdout.write('ready\n');
  const results = await Promise.allSettled(
    Array.from({ length: Number(count) }, (_, i) =>
      hourBank.logTime({ kind: 'admin' }, ticketId, { hours: Number(hours), note: `worker ${i}` }),
    ),
  );
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
  process.stdout.write(
    `${JSON.stringify({ booked: results.filter((r) => r.status === 'fulfilled').length, refused: refused.length, failed })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
