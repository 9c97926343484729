import type { Client } from '../domain/clients/client';
import { DomainError } from '../domain/domain-error';
import { domainEvent } from '../domain/events/event-catalogue';
import {
  postToLedger,
  type HourBankState,
  type LedgerEntry,
  type LedgerPosting,
} from '../domain/hour-bank/hour-bank-ledger';
import { isCalendarDate, localDate, localDayRange } from '../domain/hour-bank/local-dates';
import { addHours } from '../domain/hour-bank/quarter-hours';
import { billingFor, type TimeEntry } from '../domain/hour-bank/time-entry';
import { parseTicketId, type Ticket } from '../domain/tickets/ticket';
import type { TimelineEvent } from '../domain/tickets/timeline-event';
import { KeyedSerialQueue } from '../concurrency/keyed-serial-queue';
import type { HourBankListener } from '../ports/change-listeners';
import type { ClientStore } from '../ports/client-store';
import type { Clock } from '../ports/clock';
import type { HourBankChange, HourBankSnapshot, HourBankStore } from '../ports/hour-bank-store';
import { VersionConflictError, type StoredTicket, type TicketStore } from '../ports/ticket-store';
import { assertMayBookTime, assertMayChangeBank, assertMayReadBank, mayReadTicketTime } from './hour-bank-access';
import { actorName, canSeeClient, scopedIdempotencyKey, type Principal } from './principal';
import { requestFingerprint } from './request-fingerprint';
import { hotRowBackoff, retryOnConflict, stillContended } from './retry-on-conflict';
import { findTicket } from './ticket-lookup';

/** A write's outcome: what it created (the entry), or — `replayed` — what its Idempotency-Key's first request created. */
export interface WriteResult<B> {
  readonly body: B;
  readonly replayed: boolean;
}

export interface HourBankView {
  readonly clientId: string;
  readonly balanceHours: number;
  readonly purchasedHours: number;
  readonly calledOffHours: number;
  readonly adjustedHours: number;
  readonly lowBalanceHours: number;
  readonly overdraftHours: number;
  /** The `from`/`to` dates the entries were filtered by, if any. */
  readonly from?: string;
  readonly to?: string;
  readonly entries: readonly LedgerEntry[];
}

export type HourBankSummary = Omit<HourBankView, 'entries' | 'from' | 'to' | 'clientId'>;

export interface TimeEntryBody {
  readonly hours: number;
  readonly note: string;
  readonly workedOn?: string;
}

/** Tickets whose last committed version this process keeps (the most recently booked ones). */
const maxCachedTickets = 500;

/**
 * Purchases, adjustments and time entries (docs/product-spec.md §5).
 *
 * Exactness: every write reads the bank (and the ticket), computes the entry with the pure ledger
 * rules, and commits ledger entry, balance, events (and ticket, time entry) in one transaction guarded
 * by the ETags read. Another writer in between makes the commit fail with nothing written; it is then
 * retried from a fresh read, so the balance is always the sum of the entries and an overdraft refusal
 * is decided on the balance the entry is actually posted against. In one process the writes of a
 * client are queued, so they do not make each other retry; only other processes cause retries.
 *
 * Retries never book twice: with an Idempotency-Key, the response is stored in the same transaction,
 * and every attempt first looks for it.
 */
export class HourBankService {
  readonly #writes = new KeyedSerialQueue();
  /**
   * The bank and the tickets as this process last committed them. A write starts from these instead of
   * reading again; if anyone else changed them since, the commit fails on the ETag, the entry is dropped
   * and the write retried from a fresh read. So they save a round trip and never decide anything.
   */
  readonly #banks = new Map<string, HourBankSnapshot>();
  readonly #tickets = new Map<string, StoredTicket>();

  constructor(
    private readonly clients: ClientStore,
    private readonly tickets: TicketStore,
    private readonly bank: HourBankStore,
    private readonly clock: Clock,
    private readonly listeners: readonly HourBankListener[] = [],
  ) {}

  async purchase(
    principal: Principal,
    clientId: string,
    body: { hours: number; reference: string },
    idempotencyKey?: string,
  ): Promise<WriteResult<LedgerEntry>> {
    assertMayChangeBank(principal);
    const client = await this.#client(principal, clientId);
    return this.#post(
      principal,
      client,
      { kind: 'purchase', hours: body.hours, reference: body.reference },
      idempotencyKey,
    );
  }

  async adjust(
    principal: Principal,
    clientId: string,
    body: { hours: number; reason: string },
    idempotencyKey?: string,
  ): Promise<WriteResult<LedgerEntry>> {
    assertMayChangeBank(principal);
    const client = await this.#client(principal, clientId);
    return this.#post(
      principal,
      client,
      { kind: 'adjustment', hours: body.hours, reason: body.reason },
      idempotencyKey,
    );
  }

  /** Books time on a ticket; on every ticket but a separately quoted one it is called off the bank. */
  async logTime(
    principal: Principal,
    ticketId: string,
    body: TimeEntryBody,
    idempotencyKey?: string,
  ): Promise<WriteResult<TimeEntry>> {
    assertMayBookTime(principal);
    const id = parseTicketId(ticketId);
    const clientId = id && (await this.clients.clientIdForPrefix(id.prefix));
    const client = clientId ? await this.clients.getClient(clientId) : undefined;
    if (!id || !client) throw new DomainError('not-found', `No ticket ${ticketId}.`);
    const today = localDate(this.clock.now(), client.timezone);
    const workedOn = body.workedOn ?? today;
    if (!isCalendarDate(workedOn))
      throw new DomainError('invalid', `${workedOn} is not a date (YYYY-MM-DD).`, 'workedOn');
    if (workedOn > today)
      throw new DomainError(
        'invalid',
        `${workedOn} is in the future (today is ${today} in ${client.timezone}).`,
        'workedOn',
      );
    const fingerprint = requestFingerprint({ kind: 'time-entry', ticketId, body: { ...body, workedOn } });

    return this.#write(principal, client.id, idempotencyKey, fingerprint, async (scopedKey) => {
      const stored = this.#tickets.get(`${client.id}|${id.number}`) ?? (await this.tickets.get(client.id, id.number));
      if (!stored) throw new DomainError('not-found', `No ticket ${ticketId}.`);
      const ticket = stored.ticket;
      const now = this.clock.now().toISOString();
      const by = actorName(principal);
      const seq = (ticket.timeEntryCount ?? 0) + 1;
      const billing = billingFor(ticket);
      let bank: HourBankChange['bank'];
      if (billing === 'hour-bank') {
        const snapshot = await this.#bankOf(client.id);
        const posting: LedgerPosting = {
          kind: 'call-off',
          hours: body.hours,
          ticketId: ticket.id,
          timeEntry: seq,
          workedOn,
          note: body.note,
        };
        const posted = postToLedger(snapshot.state, client.agreement.hourBank, posting, { at: now, by });
        bank = { previous: snapshot, next: posted.state, entry: posted.entry, events: posted.events };
      }
      const timeEntry: TimeEntry = {
        seq,
        ticketId: ticket.id,
        hours: body.hours,
        note: body.note,
        workedOn,
        billing,
        by,
        at: now,
        ...(bank ? { ledgerEntry: bank.entry.seq, balanceAfter: bank.entry.balanceAfter } : {}),
      };
      const hoursBooked = addHours(ticket.hoursBooked ?? 0, body.hours);
      const next: Ticket = { ...ticket, hoursBooked, timeEntryCount: seq, updatedAt: now };
      const data = { timeEntry: seq, hours: body.hours, billing, workedOn, note: body.note, hoursBooked };
      const response = { body: timeEntry };
      const committed = await this.bank.commit({
        clientId: client.id,
        ...(bank ? { bank } : {}),
        ticket: {
          previous: stored,
          next,
          events: [{ ...domainEvent('ticket.time-logged', data), at: now, actor: by }],
          timeEntry,
        },
        ...(scopedKey ? { idempotency: { key: scopedKey, response: { fingerprint, ...response } } } : {}),
      });
      if (bank) this.#remember(client.id, { state: bank.next, version: committed.bankVersion });
      if (committed.ticket) this.#rememberTicket(committed.ticket.stored);
      return { response, ticket: committed.ticket, bankChanged: bank !== undefined };
    });
  }

  async timeEntries(principal: Principal, ticketId: string): Promise<TimeEntry[]> {
    if (principal.kind === 'client-key' && !principal.scopes.includes('tickets:read'))
      throw new DomainError('forbidden', 'This key lacks the tickets:read scope.');
    const found = await findTicket(this.clients, this.tickets, ticketId, (clientId) =>
      canSeeClient(principal, clientId),
    );
    if (!found || !mayReadTicketTime(principal, found.stored.ticket))
      throw new DomainError('not-found', `No ticket ${ticketId}.`);
    return this.bank.timeEntries(found.client.id, found.stored.ticket.number);
  }

  /** The bank with its entries oldest first; `from`/`to` are dates in the client's time zone, both inclusive. */
  async view(
    principal: Principal,
    clientId: string,
    range: { from?: string; to?: string } = {},
  ): Promise<HourBankView> {
    assertMayReadBank(principal, clientId);
    const client = await this.#client(principal, clientId);
    if (range.from && range.to && range.from > range.to)
      throw new DomainError('invalid', '`from` is after `to`.', 'from');
    const [snapshot, entries] = await Promise.all([
      this.bank.read(clientId),
      this.bank.entries(clientId, localDayRange(client.timezone, range.from, range.to)),
    ]);
    return {
      clientId,
      ...summaryOf(snapshot.state, client),
      ...(range.from ? { from: range.from } : {}),
      ...(range.to ? { to: range.to } : {}),
      entries,
    };
  }

  /** The balance as `GET /api/clients/{id}` shows it. */
  async summary(client: Client): Promise<HourBankSummary> {
    return summaryOf((await this.bank.read(client.id)).state, client);
  }

  #post(
    principal: Principal,
    client: Client,
    posting: LedgerPosting,
    idempotencyKey: string | undefined,
  ): Promise<WriteResult<LedgerEntry>> {
    const fingerprint = requestFingerprint({ kind: posting.kind, clientId: client.id, body: posting });
    return this.#write(principal, client.id, idempotencyKey, fingerprint, async (scopedKey) => {
      const snapshot = await this.#bankOf(client.id);
      const posted = postToLedger(snapshot.state, client.agreement.hourBank, posting, {
        at: this.clock.now().toISOString(),
        by: actorName(principal),
      });
      const response = { body: posted.entry };
      const committed = await this.bank.commit({
        clientId: client.id,
        bank: { previous: snapshot, next: posted.state, entry: posted.entry, events: posted.events },
        ...(scopedKey ? { idempotency: { key: scopedKey, response: { fingerprint, ...response } } } : {}),
      });
      this.#remember(client.id, { state: posted.state, version: committed.bankVersion });
      return { response, bankChanged: true };
    });
  }

  #bankOf(clientId: string): Promise<HourBankSnapshot> {
    const known = this.#banks.get(clientId);
    return known ? Promise.resolve(known) : this.bank.read(clientId);
  }

  #remember(clientId: string, snapshot: HourBankSnapshot): void {
    if (snapshot.version) this.#banks.set(clientId, snapshot);
    else this.#banks.delete(clientId);
  }

  #rememberTicket(stored: StoredTicket): void {
    const key = `${stored.ticket.clientId}|${stored.ticket.number}`;
    this.#tickets.delete(key);
    this.#tickets.set(key, stored);
    if (this.#tickets.size > maxCachedTickets) this.#tickets.delete(this.#tickets.keys().next().value ?? key);
  }

  /** After a conflict: whatever this process remembered of the client may be stale. */
  #forget(clientId: string): void {
    this.#banks.delete(clientId);
    for (const key of [...this.#tickets.keys()]) if (key.startsWith(`${clientId}|`)) this.#tickets.delete(key);
  }

  /**
   * One write of a client's bank: queued behind the client's other writes in this process, replayed
   * from its Idempotency-Key record if it already happened, retried from a fresh read when another
   * process committed in between.
   */
  async #write<B>(
    principal: Principal,
    clientId: string,
    idempotencyKey: string | undefined,
    fingerprint: string,
    attempt: (scopedKey: string | undefined) => Promise<{
      response: { body: B };
      ticket?: { stored: { ticket: Ticket }; events: readonly TimelineEvent[] };
      bankChanged: boolean;
    }>,
  ): Promise<WriteResult<B>> {
    const scopedKey = scopedIdempotencyKey(principal, idempotencyKey);
    const outcome = await this.#writes.run(clientId, () =>
      retryOnConflict(async () => {
        if (scopedKey) {
          const previous = await this.bank.readResponse(clientId, scopedKey);
          if (previous) {
            if (previous.fingerprint !== fingerprint) {
              throw new DomainError(
                'unprocessable',
                'This Idempotency-Key was used with a different request.',
                'Idempotency-Key',
              );
            }
            // The same fingerprint is the same kind of write, whose recorded answer was a B (stored as JSON).
            return { replayed: true as const, body: previous.body as B };
          }
        }
        try {
          return { replayed: false as const, ...(await attempt(scopedKey)) };
        } catch (error) {
          // What this process kept of the bank is stale: the next try reads it afresh.
          if (error instanceof VersionConflictError) this.#forget(clientId);
          throw error;
        }
      }, bankRetry),
    );
    if (outcome.replayed) return { body: outcome.body, replayed: true };
    // After the commit: publishing must not fail the booking (what the relay cannot publish now, the sweep does).
    for (const listener of this.listeners) {
      if (outcome.ticket) await listener.ticketChanged(outcome.ticket.stored.ticket, outcome.ticket.events);
      if (outcome.bankChanged) await listener.hourBankChanged(clientId);
    }
    return { ...outcome.response, replayed: false };
  }

  async #client(principal: Principal, clientId: string): Promise<Client> {
    const client = canSeeClient(principal, clientId) ? await this.clients.getClient(clientId) : undefined;
    if (!client) throw new DomainError('not-found', `No client ${clientId}.`);
    return client;
  }
}

function summaryOf(state: HourBankState, client: Client): HourBankSummary {
  return {
    balanceHours: state.balanceHours,
    purchasedHours: state.purchasedHours,
    calledOffHours: state.calledOffHours,
    adjustedHours: state.adjustedHours,
    lowBalanceHours: client.agreement.hourBank.lowBalanceHours,
    overdraftHours: client.agreement.hourBank.overdraftHours,
  };
}

/**
 * The balance row is the one hot row every booking of the client replaces: this instance's bookings queue
 * per client (`#writes`), and a collision with another instance's is tried again, re-read, for as long as
 * others keep winning (`contentionBudgetMs`), never given up after a count.
 */
const bankRetry = {
  attempts: 'while-contended',
  backoff: hotRowBackoff,
  exhausted: () => stillContended('The hour bank'),
} as const;
