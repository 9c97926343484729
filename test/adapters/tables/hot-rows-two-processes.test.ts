import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/app/principal';
import { startAzurite, type RunningAzurite } from '../../support/azurite';
import { auditHourBank, clientWithTicket, type HourBankServices } from '../../support/hour-bank-audit';
import { hourBankServices } from '../../support/hour-bank-fixture';

/**
 * Writers of the same hot rows — a client's balance row, a ticket's row — from two OS processes at once:
 * the ETags are all that keeps them exact, which only the real table shows. Within a process writers of
 * a row take turns; across processes they collide and re-read, and none may give up for contention.
 * The same use cases within one process run on in-memory ports in test/app.
 */
const admin: Principal = { kind: 'admin' };
let azurite: RunningAzurite;
let services: HourBankServices;

beforeAll(async () => {
  azurite = await startAzurite();
  services = await hourBankServices(azurite.connectionString);
});
afterAll(async () => {
  await azurite?.stop();
});

interface WorkerResult {
  done: number;
  refused: number;
  failed: string[];
}

/** Starts the second process; resolves once it is writing, with a promise of what it did. */
async function secondProcess(
  ticketId: string,
  count: number,
  mode: 'book' | 'comment',
): Promise<{ result: Promise<WorkerResult> }> {
  const worker = path.resolve(__dirname, '../../support/hot-row-worker.ts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', worker, azurite.connectionString, ticketId, String(count), mode, '0.25'],
    { cwd: path.resolve(__dirname, '../../..'), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready\n')) resolve();
    });
    child.once('exit', () => reject(new Error(`worker exited before it was ready: ${out}`)));
  });
  const result = exited.then((code) => {
    expect(code).toBe(0);
    return JSON.parse(out.trim().split('\n').pop() ?? '{}') as WorkerResult;
  });
  return { result };
}

describe('hot rows in the Table store, written from two processes at once', () => {
  it('bookings past the overdraft: never lost, never doubled, refused only for the balance', async () => {
    const ticketId = await clientWithTicket(services, 'twoproc', 'TWOP', { lowBalanceHours: 5, overdraftHours: 2.5 });
    await services.hourBank.purchase(admin, 'twoproc', { hours: 10, reference: 'PO-1' });
    const { result } = await secondProcess(ticketId, 25, 'book');
    const mine = await Promise.allSettled(
      Array.from({ length: 25 }, (_, i) => services.hourBank.logTime(admin, ticketId, { hours: 0.25, note: `n${i}` })),
    );
    const theirs = await result;
    expect(theirs.failed).toEqual([]);
    expect(mine.filter((r) => r.status === 'fulfilled').length + theirs.done).toBe(50);
    const { bank, timeEntries } = await auditHourBank(services, 'twoproc', ticketId);
    expect(bank.balanceHours).toBe(-2.5);
    expect(timeEntries).toHaveLength(50);
  });

  it('100 bookings at once on a bank that covers them: every one booked, the balance exact', async () => {
    const ticketId = await clientWithTicket(services, 'hotbank', 'HOTB', { lowBalanceHours: 0, overdraftHours: 0 });
    await services.hourBank.purchase(admin, 'hotbank', { hours: 30, reference: 'PO-2' });
    const { result } = await secondProcess(ticketId, 50, 'book');
    const mine = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => services.hourBank.logTime(admin, ticketId, { hours: 0.25, note: `n${i}` })),
    );
    const theirs = await result;
    expect(mine.filter((r) => r.status === 'rejected').map((r) => String(r.reason))).toEqual([]);
    expect(theirs).toEqual({ done: 50, refused: 0, failed: [] });
    const { bank, timeEntries } = await auditHourBank(services, 'hotbank', ticketId);
    expect(bank.balanceHours).toBe(30 - 25);
    expect(timeEntries).toHaveLength(100);
  });

  it('100 comments at once on one ticket: every one applied, once', async () => {
    const ticketId = await clientWithTicket(services, 'hotticket', 'HOTT', { lowBalanceHours: 0, overdraftHours: 0 });
    const { result } = await secondProcess(ticketId, 50, 'comment');
    const mine = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        services.tickets.act(admin, ticketId, { action: 'comment', text: `main ${i}` }),
      ),
    );
    const theirs = await result;
    expect(mine.filter((r) => r.status === 'rejected').map((r) => String(r.reason))).toEqual([]);
    expect(theirs).toEqual({ done: 50, refused: 0, failed: [] });
    const { items } = await services.tickets.timelinePage(admin, ticketId, { after: 0, limit: 200 });
    const comments = items
      .filter((e) => e.type === 'ticket.commented')
      .map((e) => (e.data as { text: string }).text)
      .sort();
    const expected = [
      ...Array.from({ length: 50 }, (_, i) => `main ${i}`),
      ...Array.from({ length: 50 }, (_, i) => `worker ${i}`),
    ].sort();
    expect(comments).toEqual(expected);
  });
});
