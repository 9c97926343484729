import type { MailRecord, MailStore, MailThreadRef, QuarantinedMail } from '../../../src/ports/mail-store';
import { loopGuardWindow } from '../../../src/domain/mail/inbound-mail';
import { roundTrip } from './versions';
import { deskPartition, type CloudEvent } from '../../../src/domain/events/cloud-event';
import type { Outbox, OutboxEntry } from '../../../src/ports/outbox';

/**
 * The MailStore contract in memory, for application-service tests; test/ports/mail-store.test.ts runs the
 * same cases against it and the Table implementation. Each call yields a turn first, so concurrent takes
 * of one mail race as they do on Azurite.
 */
export class InMemoryMailStore implements MailStore {
  readonly #records = new Map<string, MailRecord>();
  readonly #quarantine = new Map<string, QuarantinedMail>();
  readonly #threads = new Map<string, MailThreadRef>();
  readonly #threadOrder = new Map<string, string[]>();
  readonly #recent = new Map<string, string[]>();

  async record(
    record: MailRecord,
    quarantined?: QuarantinedMail,
    announced?: CloudEvent,
  ): Promise<{ kind: 'recorded' } | { kind: 'exists'; record: MailRecord }> {
    await roundTrip();
    const existing = this.#records.get(record.key);
    if (existing) return { kind: 'exists', record: existing };
    this.#records.set(
      record.key,
      quarantined || record.decision.kind === 'ignored' ? { ...record, state: 'done' } : record,
    );
    if (quarantined) this.#quarantine.set(quarantined.id, quarantined);
    if (quarantined && announced) this.#deskOutbox.set(quarantined.id, structuredClone(announced));
    return { kind: 'recorded' };
  }

  async finish(key: string, ticketId: string | undefined): Promise<void> {
    await roundTrip();
    const existing = this.#records.get(key);
    if (existing) this.#records.set(key, { ...existing, state: 'done', ...(ticketId ? { ticketId } : {}) });
  }

  async findThread(messageIds: readonly string[]): Promise<MailThreadRef | undefined> {
    await roundTrip();
    for (const id of messageIds) {
      const ref = this.#threads.get(id);
      if (ref) return ref;
    }
    return undefined;
  }

  async addToThread(messageId: string, ref: MailThreadRef): Promise<void> {
    await roundTrip();
    if (this.#threads.has(messageId)) return;
    this.#threads.set(messageId, ref);
    const key = `${ref.clientId}|${ref.number}`;
    this.#threadOrder.set(key, [...(this.#threadOrder.get(key) ?? []), messageId]);
  }

  async thread(ref: MailThreadRef): Promise<string[]> {
    await roundTrip();
    return [...(this.#threadOrder.get(`${ref.clientId}|${ref.number}`) ?? [])];
  }

  async countRecent(ref: MailThreadRef, sender: string, now: Date): Promise<number> {
    await roundTrip();
    const key = `${ref.clientId}|${ref.number}|${sender}`;
    const window = loopGuardWindow(this.#recent.get(key) ?? [], now);
    this.#recent.set(key, window);
    return window.length;
  }

  async listQuarantine(): Promise<QuarantinedMail[]> {
    await roundTrip();
    return [...this.#quarantine.values()];
  }

  async getQuarantine(id: string): Promise<QuarantinedMail | undefined> {
    await roundTrip();
    return this.#quarantine.get(id);
  }

  async release(id: string): Promise<boolean> {
    await roundTrip();
    return this.#quarantine.delete(id);
  }

  readonly #deskOutbox = new Map<string, CloudEvent>();

  /** The desk's outbox, as `TableDeskOutbox` reads the `o|` rows written with a quarantine. */
  readonly deskOutbox: Outbox = {
    pendingForTickets: (clientId) =>
      clientId === deskPartition ? this.deskOutbox.pending(Number.MAX_SAFE_INTEGER) : Promise.resolve([]),
    pending: async (limit) => {
      await roundTrip();
      return [...this.#deskOutbox.values()].slice(0, limit).map((event, i): OutboxEntry => ({
        clientId: deskPartition,
        ticketNumber: 0,
        seq: i + 1,
        event: structuredClone(event),
      }));
    },
    remove: async (entries) => {
      await roundTrip();
      for (const entry of entries) if (entry.clientId === deskPartition) this.#deskOutbox.delete(entry.event.subject);
    },
  };

  /** For tests: the record of a mail by its key. */
  recordOf(key: string): MailRecord | undefined {
    return this.#records.get(key);
  }
}
