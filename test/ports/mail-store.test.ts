import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LazyTable } from '../../src/adapters/tables/notification-tables';
import { TableDeskOutbox, TableMailStore } from '../../src/adapters/tables/table-mail-store';
import { deskPartition, mailQuarantinedCloudEvent } from '../../src/domain/events/cloud-event';
import type { Outbox } from '../../src/ports/outbox';
import { startAzurite, type RunningAzurite } from '../../local-host/azurite-process';
import type { MailRecord, MailStore, QuarantinedMail } from '../../src/ports/mail-store';
import { InMemoryMailStore } from '../support/in-memory/in-memory-mail-store';

/**
 * The MailStore contract against the Table implementation (Azurite) and the in-memory twin the intake's
 * tests use. Each case uses keys of its own (the name prefixes them).
 */
const key = (name: string, n: number): string => `${name === 'table' ? 'a' : 'b'}${String(n).padStart(63, '0')}`;

const record = (k: string, decision: MailRecord['decision']): MailRecord => ({
  key: k,
  messageId: `${k}@x`,
  receivedAt: '2026-12-07T10:00:00.000Z',
  decision,
  state: 'pending',
});

function contract(name: string, store: () => MailStore, desk: () => Outbox): void {
  describe(`MailStore contract: ${name}`, () => {
    it('records a decision once; the second record of the same key answers the first, and finish marks it done', async () => {
      const k = key(name, 1);
      const first = record(k, { kind: 'ticket', clientId: 'acme', reporter: 'jo@acme.test' });
      expect(await store().record(first)).toEqual({ kind: 'recorded' });
      const again = await store().record(record(k, { kind: 'ignored', why: 'other' }));
      expect(again).toEqual({ kind: 'exists', record: first });
      await store().finish(k, 'ACME-1');
      expect(await store().record(first)).toEqual({
        kind: 'exists',
        record: { ...first, state: 'done', ticketId: 'ACME-1' },
      });
    });

    it('concurrent records of one key: exactly one is recorded', async () => {
      const k = key(name, 2);
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          store().record(record(k, { kind: 'ticket', clientId: 'acme', reporter: 'jo@acme.test' })),
        ),
      );
      expect(results.filter((r) => r.kind === 'recorded')).toHaveLength(1);
    });

    it('a quarantine decision is done at once and lists the mail until released, once', async () => {
      const k = key(name, 3);
      const mail: QuarantinedMail = {
        id: k,
        messageId: `${k}@x`,
        receivedAt: '2026-12-07T10:00:00.000Z',
        reason: 'unknown-sender',
        from: 'x@else.test',
        subject: 'Hi',
        text: 'Hello',
        sizeBytes: 10,
      };
      await store().record(record(k, { kind: 'quarantine', reason: 'unknown-sender' }), mail);
      expect((await store().listQuarantine()).filter((m) => m.id === k)).toEqual([mail]);
      expect(await store().getQuarantine(k)).toEqual(mail);
      expect(await store().release(k, { kind: 'discarded' })).toBe(true);
      expect(await store().release(k, { kind: 'discarded' })).toBe(false);
      expect(await store().getQuarantine(k)).toBeUndefined();
      expect((await store().record(record(k, { kind: 'ignored', why: '' }))).kind).toBe('exists');
    });

    it("a quarantine's mail.quarantined is written in its transaction, read as ~desk, and removed once published", async () => {
      const k = key(name, 4);
      const mail: QuarantinedMail = {
        id: k,
        messageId: `${k}@x`,
        receivedAt: '2026-12-07T10:00:00.000Z',
        reason: 'ambiguous-client',
        from: 'both@acme.test',
        subject: 'Which client?',
        text: 'body',
        sizeBytes: 10,
      };
      const event = mailQuarantinedCloudEvent({
        quarantineId: k,
        reason: mail.reason,
        from: 'both@acme.test',
        subject: mail.subject,
        receivedAt: mail.receivedAt,
      });
      await store().record(record(k, { kind: 'quarantine', reason: 'ambiguous-client' }), mail, event);
      // A second copy of the mail writes nothing: not the quarantine, not a second announcement.
      await store().record(record(k, { kind: 'quarantine', reason: 'ambiguous-client' }), mail, {
        ...event,
        id: 'other',
      });
      const mine = async () =>
        (await desk().pendingForTickets(deskPartition, [0])).filter((e) => e.event.subject === k);
      const pending = await mine();
      expect(pending.map((e) => [e.clientId, e.event])).toEqual([[deskPartition, event]]);
      expect((await desk().pending(1000)).filter((e) => e.event.subject === k)).toHaveLength(1);
      expect(await desk().pendingForTickets('acme', [0])).toEqual([]);
      await desk().remove(pending);
      expect(await mine()).toEqual([]);
      await desk().remove(pending);
      // The quarantine itself stays until staff accept or discard it.
      expect(await store().getQuarantine(k)).toEqual(mail);
    });

    it('threads: a Message-ID joins the first ticket it is added to; the thread lists in order', async () => {
      const ref = { clientId: `${name}c`, number: 7 };
      await store().addToThread(`${name}-t1@x`, ref);
      await store().addToThread(`${name}-t2@x`, ref);
      await store().addToThread(`${name}-t1@x`, { clientId: 'other', number: 1 });
      expect(await store().findThread(['nothing@x', `${name}-t2@x`])).toEqual(ref);
      expect(await store().findThread([`${name}-t1@x`])).toEqual(ref);
      expect(await store().findThread(['nothing@x'])).toBeUndefined();
      expect(await store().thread(ref)).toEqual([`${name}-t1@x`, `${name}-t2@x`]);
    });

    it('the loop guard counts a sender on a ticket within ten minutes, concurrently too', async () => {
      const ref = { clientId: `${name}lg`, number: 1 };
      const at = (s: number) => new Date(Date.parse('2026-12-07T10:00:00Z') + s * 1000);
      const counts = await Promise.all([1, 2, 3, 4, 5].map((s) => store().countRecent(ref, 'jo@acme.test', at(s))));
      expect(counts.sort()).toEqual([1, 2, 3, 4, 5]);
      expect(await store().countRecent(ref, 'ann@acme.test', at(6))).toBe(1);
      expect(await store().countRecent(ref, 'jo@acme.test', at(604))).toBe(2);
    });
  });
}

let azurite: RunningAzurite | undefined;
let table: TableMailStore | undefined;
let tableDesk: TableDeskOutbox | undefined;
beforeAll(async () => {
  azurite = await startAzurite();
  const lazy = new LazyTable(
    TableClient.fromConnectionString(azurite.connectionString, 'mail', { allowInsecureConnection: true }),
  );
  table = new TableMailStore(lazy);
  tableDesk = new TableDeskOutbox(lazy);
});
afterAll(async () => {
  await azurite?.stop();
});

const memory = new InMemoryMailStore();
contract(
  'in memory',
  () => memory,
  () => memory.deskOutbox,
);
contract(
  'table',
  () => {
    if (!table) throw new Error('the table store is only there inside tests');
    return table;
  },
  () => {
    if (!tableDesk) throw new Error('the table store is only there inside tests');
    return tableDesk;
  },
);
