import { emptyHourBank, type HourBankState, type LedgerEntry } from '../../../src/domain/hour-bank/hour-bank-ledger';
import type { TimeEntry } from '../../../src/domain/hour-bank/time-entry';
import { hourBankOutboxNumber } from '../../../src/ports/outbox';
import type {
  HourBankChange,
  HourBankCommitted,
  HourBankSnapshot,
  HourBankStore,
  LedgerRange,
  StoredResponse,
} from '../../../src/ports/hour-bank-store';
import { VersionConflictError } from '../../../src/ports/ticket-store';
import type { InMemoryBankGuard, InMemoryTicketStore } from './in-memory-ticket-store';
import { nextVersion, roundTrip } from './versions';

/**
 * The HourBankStore contract in memory, for application-service tests; test/ports/hour-bank-store.test.ts
 * runs the same cases against it and `TableHourBankStore`. As the table keeps the bank in the client's
 * partition of the tickets table, this store shares the ticket rows, the Idempotency-Key records and the
 * outbox of the `InMemoryTicketStore` it is given, and attaches itself to it for `HourBankGuard`.
 *
 * A commit is the table's one transaction: every check first (the balance at the version read — or no
 * bank yet —, the ticket at its version, no existing ledger entry, time entry, outbox event or key),
 * and only then every write; a failed check writes nothing and throws `VersionConflictError`. The
 * balance gets a new version on every commit and on every guarded ticket update, so a stale one is
 * refused and `retryOnConflict` in the services is exercised.
 */
export class InMemoryHourBankStore implements HourBankStore, InMemoryBankGuard {
  readonly #banks = new Map<string, { readonly state: HourBankState; readonly version: string }>();
  readonly #ledger = new Map<string, LedgerEntry[]>();
  readonly #timeEntries = new Map<string, TimeEntry[]>();

  constructor(private readonly tickets: InMemoryTicketStore) {
    tickets.attachBank(this);
  }

  async read(clientId: string): Promise<HourBankSnapshot> {
    await roundTrip();
    const bank = this.#banks.get(clientId);
    return bank
      ? { state: structuredClone(bank.state), version: bank.version }
      : { state: emptyHourBank, version: undefined };
  }

  async commit(change: HourBankChange): Promise<HourBankCommitted> {
    await roundTrip();
    const { clientId } = change;
    const conflict = () => new VersionConflictError(change.ticket?.next.id ?? `${clientId}/hour-bank`);
    const writes: Array<() => void> = [];
    let committed: HourBankCommitted = {};

    if (change.ticket) {
      const { previous, next, events, timeEntry } = change.ticket;
      const ticketWrite = this.tickets.prepareTicketWrite(previous, next, events);
      const entriesKey = `${clientId}|${previous.ticket.number}`;
      if (!ticketWrite || (this.#timeEntries.get(entriesKey) ?? []).some((e) => e.seq === timeEntry.seq))
        throw conflict();
      writes.push(() => {
        const written = ticketWrite();
        committed = { ...committed, ticket: written };
        this.#timeEntries.set(
          entriesKey,
          [...(this.#timeEntries.get(entriesKey) ?? []), structuredClone(timeEntry)].sort((a, b) => a.seq - b.seq),
        );
      });
    }
    if (change.bank) {
      const { previous, next, entry, events } = change.bank;
      const current = this.#banks.get(clientId);
      if (previous.version === undefined ? current !== undefined : current?.version !== previous.version)
        throw conflict();
      if ((this.#ledger.get(clientId) ?? []).some((e) => e.seq === entry.seq)) throw conflict();
      if (events.some((event) => this.tickets.outbox.has(clientId, hourBankOutboxNumber, event.seq))) throw conflict();
      writes.push(() => {
        const version = nextVersion();
        this.#banks.set(clientId, { state: structuredClone(next), version });
        this.#ledger.set(
          clientId,
          [...(this.#ledger.get(clientId) ?? []), structuredClone(entry)].sort((a, b) => a.seq - b.seq),
        );
        this.tickets.outbox.addHourBankEvents(clientId, events);
        committed = { ...committed, bankVersion: version };
      });
    }
    if (change.idempotency) {
      const { key, response } = change.idempotency;
      // The table writes the bank's response into the row a ticket's key would use (`ticketId: ''`).
      const keyWrite = this.tickets.prepareIdempotency(clientId, key, {
        ticketId: '',
        fingerprint: response.fingerprint,
        body: response.body,
      });
      if (!keyWrite) throw conflict();
      writes.push(keyWrite);
    }
    for (const write of writes) write();
    return committed;
  }

  async entries(clientId: string, range: LedgerRange = {}): Promise<LedgerEntry[]> {
    await roundTrip();
    return (this.#ledger.get(clientId) ?? [])
      .filter((e) => (range.from === undefined || e.at >= range.from) && (range.to === undefined || e.at < range.to))
      .map((e) => structuredClone(e));
  }

  async timeEntries(clientId: string, ticketNumber: number): Promise<TimeEntry[]> {
    await roundTrip();
    return structuredClone(this.#timeEntries.get(`${clientId}|${ticketNumber}`) ?? []);
  }

  async readResponse(clientId: string, idempotencyKey: string): Promise<StoredResponse | undefined> {
    const record = await this.tickets.readIdempotency(clientId, idempotencyKey);
    return record && { fingerprint: record.fingerprint, body: record.body };
  }

  prepareGuard(clientId: string, version: string | undefined): (() => void) | undefined {
    const current = this.#banks.get(clientId);
    if (version === undefined ? current !== undefined : current?.version !== version) return undefined;
    return () => void this.#banks.set(clientId, { state: current?.state ?? emptyHourBank, version: nextVersion() });
  }
}
