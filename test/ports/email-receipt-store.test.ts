import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LazyTable } from '../../src/adapters/tables/notification-tables';
import { TableEmailReceipts } from '../../src/adapters/tables/table-email-receipts';
import { startAzurite, type RunningAzurite } from '../../local-host/azurite-process';
import type { Clock } from '../../src/ports/clock';
import type { EmailReceiptStore } from '../../src/ports/email-receipt-store';
import { InMemoryEmailReceipts } from '../support/in-memory/in-memory-email-receipts';

/**
 * The EmailReceiptStore contract, run against the Table implementation (Azurite) and the in-memory one
 * the e-mail delivery tests use, so the fake cannot drift. Each case uses an event id of its own.
 */
let now = new Date('2026-11-24T10:00:00Z');
const realClock: Clock = { now: () => now };

function contract(name: string, store: () => EmailReceiptStore): void {
  describe(`EmailReceiptStore contract: ${name}`, () => {
    it('claims once: a second claim is in progress, and after markSent already sent (recipient case ignored)', async () => {
      expect(await store().claim(`${name}-1`, 'jo@acme.test')).toBe('claimed');
      expect(await store().claim(`${name}-1`, 'JO@acme.test')).toBe('in-progress');
      await store().markSent(`${name}-1`, 'jo@acme.test', now);
      expect(await store().claim(`${name}-1`, 'jo@acme.test')).toBe('already-sent');
      expect(await store().claim(`${name}-1`, 'boss@acme.test')).toBe('claimed');
    });

    it('a released claim can be taken again at once', async () => {
      expect(await store().claim(`${name}-2`, 'jo@acme.test')).toBe('claimed');
      await store().release(`${name}-2`, 'jo@acme.test');
      expect(await store().claim(`${name}-2`, 'jo@acme.test')).toBe('claimed');
    });

    it('a claim left by a sender that died is taken over after two minutes, not before', async () => {
      expect(await store().claim(`${name}-3`, 'jo@acme.test')).toBe('claimed');
      now = new Date(now.getTime() + 119_000);
      expect(await store().claim(`${name}-3`, 'jo@acme.test')).toBe('in-progress');
      now = new Date(now.getTime() + 2_000);
      expect(await store().claim(`${name}-3`, 'jo@acme.test')).toBe('reclaimed');
      expect(await store().claim(`${name}-3`, 'jo@acme.test')).toBe('in-progress');
    });
  });
}

let azurite: RunningAzurite | undefined;
let table: TableEmailReceipts | undefined;
beforeAll(async () => {
  azurite = await startAzurite();
  table = new TableEmailReceipts(
    new LazyTable(
      TableClient.fromConnectionString(azurite.connectionString, 'emailreceipts', { allowInsecureConnection: true }),
    ),
    realClock,
  );
});
afterAll(async () => {
  await azurite?.stop();
});

const memory = new InMemoryEmailReceipts(realClock);
contract('in memory', () => memory);
contract('table', () => {
  if (!table) throw new Error('the table store is only there inside tests');
  return table;
});
