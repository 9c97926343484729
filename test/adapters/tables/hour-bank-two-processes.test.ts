import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/app/principal';
import { startAzurite, type RunningAzurite } from '../../support/azurite';
import { auditHourBank, clientWithTicket, type HourBankServices } from '../../support/hour-bank-audit';
import { hourBankServices } from '../../support/hour-bank-fixture';

/**
 * Bookings against one `TableHourBankStore` from two OS processes at once: the ETags of the balance and
 * the ticket rows are all that keeps them exact, which only the real table shows. The same use cases
 * within one process run on in-memory ports in test/app/hour-bank-service.test.ts.
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

describe('time entries against the hour bank in the Table store, from two processes', () => {
  it('the same with a second OS process booking at once: never lost, never doubled', async () => {
    const ticketId = await clientWithTicket(services, 'twoproc', 'TWOP', { lowBalanceHours: 5, overdraftHours: 2.5 });
    await services.hourBank.purchase(admin, 'twoproc', { hours: 10, reference: 'PO-1' });
    const worker = path.resolve(__dirname, '../../support/hour-bank-worker.ts');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', worker, azurite.connectionString, ticketId, '25', '0.25'],
      {
        cwd: path.resolve(__dirname, '../../..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
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
    // The worker is booking now; book from this process at the same time.
    const mine = await Promise.allSettled(
      Array.from({ length: 25 }, (_, i) => services.hourBank.logTime(admin, ticketId, { hours: 0.25, note: `n${i}` })),
    );
    expect(await exited).toBe(0);
    const theirs = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
      booked: number;
      refused: number;
      failed: string[];
    };
    expect(theirs.failed).toEqual([]);
    expect(mine.filter((r) => r.status === 'fulfilled').length + theirs.booked).toBe(50);
    const { bank, timeEntries } = await auditHourBank(services, 'twoproc', ticketId);
    expect(bank.balanceHours).toBe(-2.5);
    expect(timeEntries).toHaveLength(50);
  });
});
