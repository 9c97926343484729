import type { Client } from '../domain/clients/client';
import { DomainError } from '../domain/domain-error';
import { applyTicketAction } from '../domain/tickets/state-machine';
import { assertSeverityOffered, assertTakesTickets, mailIntake, ticketIntake } from '../domain/tickets/intake';
import {
  assertTicketStorable,
  newTicket,
  parseTicketId,
  type Ticket,
  type TicketChannel,
  type TicketType,
} from '../domain/tickets/ticket';
import type { TicketAction } from '../domain/tickets/ticket-action';
import { publicEvent } from '../domain/tickets/event-visibility';
import type { TimelineEvent } from '../domain/tickets/timeline-event';
import { domainEvent, type DomainEvent } from '../domain/events/event-catalogue';
import type { TicketChangeListener } from '../ports/change-listeners';
import type { ClientStore } from '../ports/client-store';
import type { HourBankStore } from '../ports/hour-bank-store';
import { coversQuote } from '../domain/hour-bank/hour-bank-ledger';
import type { Clock } from '../ports/clock';
import {
  VersionConflictError,
  type HourBankGuard,
  type IdempotencyRecord,
  type StoredTicket,
  type TicketStore,
} from '../ports/ticket-store';
import { currentAgreementVersion } from '../domain/agreement/agreement-version';
import { slaWakePlan, type SlaTerms } from '../domain/sla/sla-schedule';
import { currentTerms, ticketTerms } from './agreement-terms';
import { timelinePageSize, type TimelinePage, type TimelinePageQuery } from './timeline-page';
import type { PersonDirectory } from './person-directory';
import { actorName, canSeeClient, isStaff, principalClients, scopedIdempotencyKey, type Principal } from './principal';
import {
  actingParty,
  mayRead,
  needsNamedContact,
  readableReporter,
  reporterAsked,
  requireScope,
} from './ticket-access';
import { KeyedSerialQueue } from '../concurrency/keyed-serial-queue';
import { requestFingerprint } from './request-fingerprint';
import { hotRowBackoff, retryOnConflict, stillContended } from './retry-on-conflict';
import type { QueueEntry } from '../domain/tickets/ticket-queue';
import { TicketQueueReader, type QueueScope } from './ticket-queue-reader';
import { presentTicketFor, queuePositionOf, type TicketView } from './ticket-view';
import type { VersionCondition } from './version-condition';

export interface CreateTicketBody {
  readonly clientId: string;
  readonly title: string;
  readonly description: string;
  readonly severity: string;
  readonly type: TicketType;
  /** Required unless a contact raises the ticket as themself. */
  readonly reporter?: string;
  /** Staff raising a ticket on a contact's behalf: how it reached them. */
  readonly channel?: 'phone' | 'email' | 'in-person';
  /** With `channel`: when the call or mail came in (not in the future, at most 7 days back). */
  readonly receivedAt?: string;
}

/** A ticket raised from a mail (`TicketService.raiseFromMail`). */
export interface MailTicketInput {
  readonly clientId: string;
  /** An active contact of the client: the sender, or whom staff chose when accepting from quarantine. */
  readonly reporter: string;
  readonly title: string;
  readonly description: string;
  /** When the mailbox received the mail. */
  readonly receivedAt: string;
  /** The mail's key (sha256 of its Message-ID): one ticket per mail. */
  readonly mailKey: string;
  /** The mail's Message-ID: the desk's mail about the ticket answers it. */
  readonly messageId: string;
  /** Who is recorded as raising it: the sender, or the member of staff who accepted it. */
  readonly actor: string;
}

export interface TicketListFilter {
  readonly clientId?: string;
  /** Any of these statuses; none: every open status (all but closed). */
  readonly status?: readonly Ticket['status'][];
  /** An e-mail, or `me` for the caller's own queue. */
  readonly assignee?: string;
  readonly reporter?: string;
  /** 1..200; 50 when not given. */
  readonly limit?: number;
  /** The `next` of the previous page. */
  readonly after?: QueueEntry;
}

/** A page of the queue; `next` is where the following page starts (absent on the last page). */
export interface TicketListPage {
  readonly items: TicketView[];
  readonly next?: QueueEntry;
}

/** A ticket as read, with the storage version it was read at (src/http derives the ETag from it). */
export interface TicketRead {
  readonly view: TicketView;
  readonly version: string;
}

/** A create either made the ticket, or repeated a request made before with the same idempotency key. */
export type CreateTicketResult =
  | { readonly kind: 'created'; readonly view: TicketView; readonly version: string }
  | { readonly kind: 'replayed'; readonly view: TicketView };

/** An action either was applied now, or repeated one applied before with the same idempotency key. */
export type ActResult =
  ({ readonly kind: 'applied' } & TicketRead) | { readonly kind: 'replayed'; readonly view: TicketView };

export type { VersionCondition } from './version-condition';

export class TicketService {
  readonly #queue: TicketQueueReader;
  /** Actions on one ticket in this instance, one after another (the ticket's row is a hot row). */
  readonly #writes = new KeyedSerialQueue();

  constructor(
    private readonly clients: ClientStore,
    private readonly tickets: TicketStore,
    private readonly clock: Clock,
    /** Told of every commit (the outbox relay first). */
    private readonly listeners: readonly TicketChangeListener[],
    /** Who is active staff: only an active engineer can be assigned. */
    private readonly people: Pick<PersonDirectory, 'findStaff'>,
    /** Where `on-account` approvals check the client's balance. */
    private readonly hourBank: Pick<HourBankStore, 'read'>,
  ) {
    this.#queue = new TicketQueueReader(clients, tickets);
  }

  /**
   * Raises a ticket. With an idempotency key (scoped to the caller), a repeat of the same request
   * answers what the first one did; the same key with another body is refused.
   */
  async create(principal: Principal, body: CreateTicketBody, idempotencyKey?: string): Promise<CreateTicketResult> {
    requireScope(principal, 'tickets:write');
    const client = await this.#visibleClient(principal, body.clientId, 'clientId');
    assertSeverityOffered(client, body.severity);
    assertTakesTickets(client);
    const reporter = await this.#activeContact(client, reporterAsked(principal, body.reporter), 'reporter');
    const now = this.clock.now();
    const { channel, receivedAt } = ticketIntake(principal.kind, body, now);
    const scopedKey = scopedIdempotencyKey(principal, idempotencyKey);
    // Only a keyed request is ever compared with an earlier one; hashing every body cost ~2 % of a create.
    const fingerprint = scopedKey ? requestFingerprint(body) : '';
    const { reporter: _reporter, channel: _channel, receivedAt: _receivedAt, ...fields } = body;
    const outcome = await this.#store(client, {
      fields,
      reporter,
      channel,
      receivedAt,
      actor: actorName(principal),
      viewer: principal,
      now,
      ...(scopedKey ? { idempotency: { key: scopedKey, fingerprint } } : {}),
    });
    if (outcome.kind === 'replayed') {
      if (outcome.record.fingerprint !== fingerprint) {
        throw new DomainError(
          'unprocessable',
          'This Idempotency-Key was used with a different request body.',
          'Idempotency-Key',
        );
      }
      return { kind: 'replayed', view: replayedView(outcome.record) };
    }
    return { kind: 'created', view: outcome.view, version: outcome.version };
  }

  /**
   * A ticket raised by mail (docs/product-spec.md §8): taken from the mailbox for an active contact, or accepted from
   * quarantine by staff. Channel `email`, the mailbox's receipt time (the clocks start then, however
   * long ago), severity the agreement's intake severity. Once per mail: the mail's key is recorded in
   * the create's transaction, so taking the same mail again answers the ticket it made.
   */
  async raiseFromMail(input: MailTicketInput): Promise<{ readonly ticketId: string; readonly created: boolean }> {
    const client = await this.clients.getClient(input.clientId);
    if (!client) throw new DomainError('not-found', `No client ${input.clientId}.`, 'clientId');
    assertTakesTickets(client);
    const reporter = await this.#activeContact(client, input.reporter, 'reporter');
    const { channel, receivedAt, severity, type } = mailIntake(client, input.receivedAt);
    const outcome = await this.#store(client, {
      fields: { clientId: client.id, title: input.title, description: input.description, severity, type },
      reporter,
      channel,
      receivedAt,
      actor: input.actor,
      // The mail intake reads only the new ticket's id from the answer.
      viewer: { kind: 'admin' },
      now: this.clock.now(),
      messageId: input.messageId,
      idempotency: { key: `mail|${input.mailKey}`, fingerprint: input.mailKey },
    });
    if (outcome.kind === 'replayed') {
      const { ticketId: replayedId } = outcome.record;
      return { ticketId: replayedId, created: false };
    }
    return { ticketId: outcome.view.id, created: true };
  }

  /** A ticket as stored, for the mail intake's checks (who may answer it); no principal, no view. */
  async ticketOf(clientId: string, number: number): Promise<Ticket | undefined> {
    return (await this.tickets.get(clientId, number))?.ticket;
  }

  /**
   * Adds an event the mailbox caused (a bounce of the desk's mail) to a ticket's timeline, once per mail:
   * the key is recorded in the same transaction. Changes nothing else on the ticket.
   */
  async recordMailEvent(clientId: string, number: number, event: DomainEvent, key: string): Promise<void> {
    await retryOnConflict(
      async () => {
        const [client, stored] = await Promise.all([
          this.clients.getClient(clientId),
          this.tickets.get(clientId, number),
        ]);
        if (!client || !stored) throw new DomainError('not-found', `No ticket ${number} of ${clientId}.`);
        if (await this.tickets.readIdempotency(clientId, key)) return;
        const now = this.clock.now();
        const terms = await ticketTerms(this.clients, client, stored.ticket);
        const next: Ticket = { ...stored.ticket, updatedAt: now.toISOString() };
        const committed = await this.tickets.update(
          stored,
          next,
          [{ ...event, at: now.toISOString(), actor: 'system' }],
          queuePositionOf(next, terms),
          undefined,
          { key, fingerprint: key, response: () => ({ ticketId: next.id }) },
        );
        await this.#notify(committed.stored.ticket, committed.events);
      },
      { attempts: 'while-contended', backoff: hotRowBackoff, exhausted: () => stillContended('The ticket') },
    );
  }

  /** Writes a new ticket with its `ticket.created` event (and an idempotency record) in one transaction. */
  async #store(
    client: Client,
    input: {
      readonly fields: Omit<CreateTicketBody, 'reporter' | 'channel' | 'receivedAt'>;
      readonly reporter: string;
      readonly channel: TicketChannel;
      readonly receivedAt: string;
      readonly actor: string;
      /** Whom the answer's view is for (its allowed actions are theirs). */
      readonly viewer: Principal;
      readonly now: Date;
      readonly messageId?: string;
      readonly idempotency?: { readonly key: string; readonly fingerprint: string };
    },
  ): Promise<
    | { readonly kind: 'created'; readonly view: TicketView; readonly version: string }
    | { readonly kind: 'replayed'; readonly record: IdempotencyRecord }
  > {
    const { fields, reporter, channel, receivedAt, now } = input;
    const terms = currentTerms(client);
    // The view built with each number tried is the answer for the one committed: the store only adds the
    // event count, which the view leaves out. Presenting it again cost a second SLA evaluation per create.
    const views = new Map<number, TicketView>();
    const outcome = await this.tickets.create({
      clientId: client.id,
      build: (number) => {
        // Received under the client's current agreement version, and judged by it for good.
        const ticket = newTicket({
          ...fields,
          reporter,
          channel,
          clientId: client.id,
          ticketPrefix: client.ticketPrefix,
          number,
          receivedAt,
          agreementVersion: currentAgreementVersion(client),
        });
        const view = presentTicketFor(input.viewer, ticket, terms, now);
        views.set(number, view);
        // The first wake-up of its SLA orchestration, so that it need not read the ticket to learn it.
        const { nextAt } = slaWakePlan(terms, ticket);
        const data = {
          severity: ticket.severity,
          type: ticket.type,
          reporter,
          title: ticket.title,
          channel,
          receivedAt,
          sla: view.sla,
          ...(nextAt ? { slaNextAt: nextAt } : {}),
          ...(input.messageId ? { messageId: input.messageId } : {}),
        };
        // Recorded when it happened; for a ticket raised after the call, `receivedAt` is the call's receipt.
        return {
          ticket,
          events: [{ ...domainEvent('ticket.created', data), at: now.toISOString(), actor: input.actor }],
          position: queuePositionOf(ticket, terms),
        };
      },
      ...(input.idempotency
        ? {
            idempotency: {
              ...input.idempotency,
              response: (ticket: Ticket) => presentTicketFor(input.viewer, ticket, terms, now),
            },
          }
        : {}),
    });
    if (outcome.kind === 'replayed') return outcome;
    await this.#notify(outcome.stored.ticket, outcome.events);
    const view =
      views.get(outcome.stored.ticket.number) ?? presentTicketFor(input.viewer, outcome.stored.ticket, terms, now);
    return { kind: 'created', view, version: outcome.stored.version };
  }

  async get(principal: Principal, ticketId: string): Promise<TicketRead> {
    requireScope(principal, 'tickets:read');
    const { client, stored } = await this.#load(principal, ticketId);
    return {
      view: presentTicketFor(
        principal,
        stored.ticket,
        await ticketTerms(this.clients, client, stored.ticket),
        this.clock.now(),
      ),
      version: stored.version,
    };
  }

  /**
   * A page of the queue (docs/ticket-queue.md): breached first, most overdue first, then soonest due,
   * then tickets with no running clock, oldest first; read from the queue index, so its cost does not
   * grow with closed history. Staff see every client (the clients' queues merged), a key its own, a
   * contact the clients they belong to: all tickets where they are an approver, their own where only a
   * requester. `assignee` and `reporter` narrow the result.
   */
  async list(principal: Principal, query: TicketListFilter): Promise<TicketListPage> {
    requireScope(principal, 'tickets:read');
    const confined = principalClients(principal);
    if (query.clientId && confined && !confined.includes(query.clientId))
      throw new DomainError('not-found', `No client ${query.clientId}.`);
    const clientIds = query.clientId ? [query.clientId] : confined ? [...confined] : await this.clients.listClientIds();
    const assignee = query.assignee === 'me' ? actorName(principal) : query.assignee?.toLowerCase();
    const reporter = query.reporter?.toLowerCase();
    const scopes: QueueScope[] = [];
    for (const clientId of clientIds) {
      const own = readableReporter(principal, clientId);
      if (own === null || (own !== undefined && reporter !== undefined && own !== reporter)) continue;
      const confinedTo = own ?? reporter;
      scopes.push({ clientId, ...(confinedTo !== undefined ? { reporter: confinedTo } : {}) });
    }
    const page = await this.#queue.page(
      {
        scopes,
        ...(query.status ? { statuses: query.status } : {}),
        ...(assignee !== undefined ? { assignee } : {}),
        limit: query.limit ?? 50,
        ...(query.after ? { after: query.after } : {}),
      },
      // Checked again on the ticket itself (a row written without a copy is followed by a read of the ticket).
      (t) => (!assignee || t.assignee === assignee) && (!reporter || t.reporter === reporter) && mayRead(principal, t),
    );
    const clients = new Map<string, Client | undefined>();
    // Each agreement version once: a queue mostly holds tickets of a few versions.
    const terms = new Map<string, Promise<SlaTerms>>();
    const now = this.clock.now();
    const items: TicketView[] = [];
    for (const ticket of page.tickets) {
      if (!clients.has(ticket.clientId)) clients.set(ticket.clientId, await this.clients.getClient(ticket.clientId));
      const client = clients.get(ticket.clientId);
      if (!client) continue;
      const key = `${client.id}|${ticket.agreementVersion ?? ''}`;
      if (!terms.has(key)) terms.set(key, ticketTerms(this.clients, client, ticket));
      items.push(presentTicketFor(principal, ticket, await (terms.get(key) as Promise<SlaTerms>), now));
    }
    return { items, ...(page.next ? { next: page.next } : {}) };
  }

  /**
   * One page of the timeline, oldest first, after `query.after` (a seq; the cursor). For anyone but
   * the support team internal notes are left out, so a page of theirs is read on until it is full or
   * the timeline ends — bounded: after `timelinePageSize.maxScanPages` reads it is answered short,
   * with a cursor that goes on after the last row read.
   */
  async timelinePage(principal: Principal, ticketId: string, query: TimelinePageQuery): Promise<TimelinePage> {
    requireScope(principal, 'tickets:read');
    const { stored } = await this.#load(principal, ticketId);
    const { clientId, number } = stored.ticket;
    const staff = isStaff(principal);
    const items: TimelineEvent[] = [];
    let after = query.after;
    for (let read = 0; read < timelinePageSize.maxScanPages; read++) {
      const wanted = query.limit - items.length;
      // One row more than wanted tells whether anything follows without another read.
      const rows = await this.tickets.timelinePage(clientId, number, { after, limit: wanted + 1 });
      const taken = rows.slice(0, wanted);
      for (const event of taken) {
        const shown = staff ? event : publicEvent(event);
        if (shown) items.push(shown);
      }
      const last = taken[taken.length - 1];
      if (last) after = last.seq;
      if (rows.length <= wanted) return { items, nextAfter: undefined };
      if (items.length >= query.limit) return { items, nextAfter: after };
    }
    return { items, nextAfter: after };
  }

  /**
   * Applies an action. With `expected`, a ticket whose version fails it is refused as `stale`; without,
   * a concurrent change is absorbed by re-reading and re-applying, which may then be refused as illegal.
   */
  async act(
    principal: Principal,
    ticketId: string,
    action: TicketAction,
    expected?: VersionCondition,
  ): Promise<TicketRead> {
    const result = await this.actOnce(principal, ticketId, action, undefined, expected);
    if (result.kind === 'replayed') throw new Error('An action without an idempotency key cannot be a replay.');
    return { view: result.view, version: result.version };
  }

  /**
   * `act` with an idempotency key (scoped to the caller, as for `create`): a repeat of the same action
   * on the same ticket answers what the first one answered, without applying it again; the same key
   * with another action or ticket is refused. The key's record commits in the action's transaction,
   * so an action and its record are never separated, and the record is looked for before anything
   * else — before the `If-Match` check too, since the first attempt itself moved the version.
   */
  async actOnce(
    principal: Principal,
    ticketId: string,
    action: TicketAction,
    idempotencyKey: string | undefined,
    expected?: VersionCondition,
  ): Promise<ActResult> {
    requireScope(principal, 'tickets:write');
    const fingerprint = requestFingerprint({ ticketId, action });
    const scopedKey = scopedIdempotencyKey(principal, idempotencyKey);
    // Writers of one ticket in this instance take turns; only other instances' writes can collide.
    return this.#writes.run(ticketId.toUpperCase(), () =>
      this.#actContended(principal, ticketId, action, expected, fingerprint, scopedKey),
    );
  }

  #actContended(
    principal: Principal,
    ticketId: string,
    action: TicketAction,
    expected: VersionCondition | undefined,
    fingerprint: string,
    scopedKey: string | undefined,
  ): Promise<ActResult> {
    return retryOnConflict(
      async (): Promise<ActResult> => {
        const { client, stored } = await this.#load(principal, ticketId);
        if (scopedKey) {
          const record = await this.tickets.readIdempotency(client.id, scopedKey);
          if (record) {
            if (record.fingerprint !== fingerprint) {
              throw new DomainError(
                'unprocessable',
                'This Idempotency-Key was used with a different request.',
                'Idempotency-Key',
              );
            }
            return { kind: 'replayed', view: replayedView(record) };
          }
        }
        if (expected && !expected(stored.version))
          throw new DomainError('stale', 'The ticket has changed since that version was read.');
        const by = 'by' in action ? action.by : undefined;
        const named = needsNamedContact(principal, by) ? await this.clients.getContact(client.id, by) : undefined;
        const party = actingParty(principal, client, by, named);
        if (action.action === 'assign') await this.#assertAssignable(action.to);
        const now = this.clock.now();
        // Judged by the agreement version the ticket was received under (an assessment's new severity too).
        const terms = await ticketTerms(this.clients, client, stored.ticket);
        const result = applyTicketAction({
          ticket: stored.ticket,
          action,
          party,
          now: now.toISOString(),
          agreement: terms.agreement,
          timezone: terms.timezone,
        });
        assertTicketStorable(result.ticket);
        const guard = await this.#onAccountGuard(client, stored.ticket, action);
        const idempotency = scopedKey
          ? {
              key: scopedKey,
              fingerprint,
              response: (ticket: Ticket) => presentTicketFor(principal, ticket, terms, now),
            }
          : undefined;
        const committed = await this.tickets
          .update(stored, result.ticket, result.events, queuePositionOf(result.ticket, terms), guard, idempotency)
          .catch((error: unknown) => {
            // The caller asked for the version it read: a concurrent change makes its request stale, not retried.
            // With a bank guard the conflict may be the bank's: the next round's version check tells. With a
            // key, the conflict may be the key's own first attempt: the next round finds its record.
            if (expected && !guard && !scopedKey && error instanceof VersionConflictError)
              throw new DomainError('stale', 'The ticket was changed concurrently.');
            throw error;
          });
        await this.#notify(committed.stored.ticket, committed.events);
        return {
          kind: 'applied',
          view: presentTicketFor(principal, committed.stored.ticket, terms, now),
          version: committed.stored.version,
        };
      },
      { attempts: 'while-contended', backoff: hotRowBackoff, exhausted: () => stillContended('The ticket') },
    );
  }

  /**
   * Approving a quote `on-account` draws it from the hour bank, so it is refused (409) when balance plus
   * overdraft cannot cover the quoted hours (docs/product-spec.md §5). The overdraft is the client's current one, not
   * the ticket's agreement version: the bank is one account with one commercial setting at a time. The decision is taken on the bank as read, and
   * the approval commits only if the bank is still at that version (`HourBankGuard`): a booking that
   * lands in between makes the approval re-read and decide again. Nothing is reserved: the hours are
   * called off as time is booked on the ticket.
   */
  async #onAccountGuard(client: Client, ticket: Ticket, action: TicketAction): Promise<HourBankGuard | undefined> {
    if (action.action !== 'approve' || action.mode !== 'on-account') return undefined;
    const snapshot = await this.hourBank.read(client.id);
    const quoted = ticket.quote?.hours ?? 0;
    if (!coversQuote(snapshot.state, client.agreement.hourBank, quoted)) {
      const { balanceHours } = snapshot.state;
      throw new DomainError(
        'conflict',
        `The hour bank cannot cover the quote on account: ${quoted} h quoted, ${balanceHours} h in the bank and an overdraft of ${client.agreement.hourBank.overdraftHours} h. Approve it as a separate quote, or buy hours first.`,
        'mode',
      );
    }
    return { version: snapshot.version };
  }

  /**
   * After a commit: the runtime's listeners (the outbox relay). The SLA orchestration hears of the change
   * from the topic's `sla` subscription, so nothing that must follow the commit depends on this request.
   */
  async #notify(ticket: Ticket, events: readonly TimelineEvent[]): Promise<void> {
    for (const listener of this.listeners) await listener.ticketChanged(ticket, events);
  }

  async #load(principal: Principal, ticketId: string): Promise<{ client: Client; stored: StoredTicket }> {
    const parsed = parseTicketId(ticketId);
    const notFound = new DomainError('not-found', `No ticket ${ticketId}.`);
    if (!parsed) throw notFound;
    const clientId = await this.clients.clientIdForPrefix(parsed.prefix);
    if (!clientId || !canSeeClient(principal, clientId)) throw notFound;
    const [client, stored] = await Promise.all([
      this.clients.getClient(clientId),
      this.tickets.get(clientId, parsed.number),
    ]);
    if (!client || !stored || !mayRead(principal, stored.ticket)) throw notFound;
    return { client, stored };
  }

  async #assertAssignable(email: string): Promise<void> {
    const staff = await this.people.findStaff(email);
    if (!staff?.roles.includes('engineer')) {
      throw new DomainError('unprocessable', `${email} is not an active engineer of the support team.`, 'to');
    }
  }

  async #visibleClient(principal: Principal, clientId: string, field: string): Promise<Client> {
    const client = canSeeClient(principal, clientId) ? await this.clients.getClient(clientId) : undefined;
    if (!client) throw new DomainError('not-found', `No client ${clientId}.`, field);
    return client;
  }

  /** Only registered, active contacts may raise tickets; answers the contact's e-mail as registered. */
  async #activeContact(client: Client, email: string, field: string): Promise<string> {
    const contact = await this.clients.getContact(client.id, email);
    if (!contact?.active)
      throw new DomainError('unprocessable', `${email} is not a registered, active contact of ${client.id}.`, field);
    return contact.email;
  }
}

/**
 * The answer a caller's Idempotency-Key recorded. Keys in a caller's scope (`scopedIdempotencyKey`) are
 * written only by `create` and `actOnce`, whose recorded response is `presentTicketFor` the caller: a
 * `TicketView`, stored as JSON (its values are all JSON values), so it reads back as one.
 */
function replayedView(record: IdempotencyRecord): TicketView {
  return record.body as TicketView;
}
