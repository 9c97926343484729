import { createHash } from 'node:crypto';
import type { Client, Contact } from '../domain/clients/client';
import { DomainError } from '../domain/domain-error';
import { applyTicketAction, type ActingParty, type ContactRole } from '../domain/tickets/state-machine';
import { assertTicketStorable, newTicket, parseTicketId, type Actor, type Ticket, type TicketType } from '../domain/tickets/ticket';
import type { TicketAction } from '../domain/tickets/ticket-action';
import { publicEvent } from '../domain/tickets/event-visibility';
import type { TimelineEvent } from '../domain/tickets/timeline-event';
import { domainEvent } from '../domain/events/event-catalogue';
import type { ClientStore } from '../ports/client-store';
import type { Clock } from '../ports/clock';
import { VersionConflictError, type StoredTicket, type TicketStore } from '../ports/ticket-store';
import { canSeeClient, isStaff, type Principal } from './principal';
import { retryOnConflict } from './retry-on-conflict';
import { nextDue, presentTicket, type TicketView } from './ticket-view';

export interface CreateTicketBody {
  readonly clientId: string;
  readonly title: string;
  readonly description: string;
  readonly severity: string;
  readonly type: TicketType;
  readonly reporter: string;
}

/** A ticket as read, with the storage version it was read at (src/http derives the ETag from it). */
export interface TicketRead {
  readonly view: TicketView;
  readonly version: string;
}

/** A create either made the ticket, or repeated a request made before with the same idempotency key. */
export type CreateTicketResult =
  | { readonly kind: 'created'; readonly view: TicketView; readonly version: string }
  | { readonly kind: 'replayed'; readonly view: unknown };

/** The caller's condition on the ticket's current version (an `If-Match`), checked before acting. */
export type VersionCondition = (version: string) => boolean;

/** Observes committed ticket changes, e.g. to start or signal the ticket's SLA orchestration. */
export interface TicketChangeListener {
  ticketChanged(ticket: Ticket, events: readonly TimelineEvent[]): Promise<void>;
}

export class TicketService {
  constructor(
    private readonly clients: ClientStore,
    private readonly tickets: TicketStore,
    private readonly clock: Clock,
    private readonly listeners: readonly TicketChangeListener[] = [],
  ) {}

  /**
   * Raises a ticket. With an idempotency key (scoped to the caller), a repeat of the same request
   * answers what the first one did; the same key with another body is refused.
   */
  async create(principal: Principal, body: CreateTicketBody, idempotencyKey?: string, listeners: readonly TicketChangeListener[] = []): Promise<CreateTicketResult> {
    requireScope(principal, 'tickets:write');
    const client = await this.#visibleClient(principal, body.clientId, 'clientId');
    if (!client.agreement.severities.some((s) => s.id === body.severity)) {
      throw new DomainError('invalid', `Unknown severity "${body.severity}"; this client has ${client.agreement.severities.map((s) => s.id).join(', ')}.`, 'severity');
    }
    if (client.active === false) throw new DomainError('conflict', `Client ${client.id} is inactive: it takes no new tickets.`, 'clientId');
    const reporter = await this.#reporter(principal, client, body.reporter);
    const now = this.clock.now();
    const fingerprint = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    const outcome = await this.tickets.create({
      clientId: client.id,
      build: (number) => {
        const ticket = newTicket({ ...body, reporter, clientId: client.id, ticketPrefix: client.ticketPrefix, number, receivedAt: now.toISOString() });
        const view = presentTicket(ticket, client, now);
        const data = { severity: ticket.severity, type: ticket.type, reporter, title: ticket.title, sla: view.sla };
        return { ticket, events: [{ ...domainEvent('ticket.created', data), at: ticket.receivedAt, actor: actorOf(principal, reporter).id }] };
      },
      ...(idempotencyKey
        ? { idempotency: { key: `${principalKey(principal)}|${idempotencyKey}`, fingerprint, response: (ticket: Ticket) => presentTicket(ticket, client, now) } }
        : {}),
    });
    if (outcome.kind === 'replayed') {
      if (outcome.record.fingerprint !== fingerprint) {
        throw new DomainError('unprocessable', 'This Idempotency-Key was used with a different request body.', 'Idempotency-Key');
      }
      return { kind: 'replayed', view: outcome.record.body };
    }
    await this.#notify(outcome.stored.ticket, outcome.events, listeners);
    return { kind: 'created', view: presentTicket(outcome.stored.ticket, client, now), version: outcome.stored.version };
  }

  async get(principal: Principal, ticketId: string): Promise<TicketRead> {
    requireScope(principal, 'tickets:read');
    const { client, stored } = await this.#load(principal, ticketId);
    return { view: presentTicket(stored.ticket, client, this.clock.now()), version: stored.version };
  }

  async list(principal: Principal, query: { clientId?: string; status?: Ticket['status'] }): Promise<TicketView[]> {
    requireScope(principal, 'tickets:read');
    const clientId = principal.kind === 'admin' ? query.clientId : principal.clientId;
    if (query.clientId && clientId !== query.clientId) throw new DomainError('not-found', `No client ${query.clientId}.`);
    const tickets = await this.tickets.list({ ...(clientId ? { clientId } : {}), ...(query.status ? { status: query.status } : {}) });
    const clients = new Map<string, Client | undefined>();
    const now = this.clock.now();
    const views: TicketView[] = [];
    for (const ticket of tickets) {
      if (!clients.has(ticket.clientId)) clients.set(ticket.clientId, await this.clients.getClient(ticket.clientId));
      const client = clients.get(ticket.clientId);
      if (client) views.push(presentTicket(ticket, client, now));
    }
    return views.sort(bySoonestDue);
  }

  /** The timeline; to anyone but the support team without internal notes (docs/security.md). */
  async timeline(principal: Principal, ticketId: string): Promise<TimelineEvent[]> {
    requireScope(principal, 'tickets:read');
    const { stored } = await this.#load(principal, ticketId);
    const events = await this.tickets.timeline(stored.ticket.clientId, stored.ticket.number);
    if (isStaff(principal)) return events;
    return events.map((event) => publicEvent(event)).filter((event) => event !== undefined);
  }

  /**
   * Applies an action. With `expected`, a ticket whose version fails it is refused as `stale`; without,
   * a concurrent change is absorbed by re-reading and re-applying, which may then be refused as illegal.
   */
  async act(principal: Principal, ticketId: string, action: TicketAction, expected?: VersionCondition, listeners: readonly TicketChangeListener[] = []): Promise<TicketRead> {
    requireScope(principal, 'tickets:write');
    return retryOnConflict(
      async () => {
        const { client, stored } = await this.#load(principal, ticketId);
        if (expected && !expected(stored.version)) throw new DomainError('stale', 'The ticket has changed since that version was read.');
        const party = await this.#party(principal, client, 'by' in action ? action.by : undefined);
        const now = this.clock.now();
        const result = applyTicketAction({ ticket: stored.ticket, action, party, now: now.toISOString(), agreement: client.agreement, timezone: client.timezone });
        assertTicketStorable(result.ticket);
        const committed = await this.tickets.update(stored, result.ticket, result.events).catch((error: unknown) => {
          // The caller asked for the version it read: a concurrent change makes its request stale, not retried.
          if (expected && error instanceof VersionConflictError) throw new DomainError('stale', 'The ticket was changed concurrently.');
          throw error;
        });
        await this.#notify(committed.stored.ticket, committed.events, listeners);
        return { view: presentTicket(committed.stored.ticket, client, now), version: committed.stored.version };
      },
      { attempts: 11, exhausted: () => new DomainError('conflict', 'The ticket is being changed by others; try again.') },
    );
  }

  /** After a commit: the runtime's listeners (the outbox relay) and the request's own (its SLA signaller). */
  async #notify(ticket: Ticket, events: readonly TimelineEvent[], perRequest: readonly TicketChangeListener[]): Promise<void> {
    for (const listener of [...this.listeners, ...perRequest]) await listener.ticketChanged(ticket, events);
  }

  async #load(principal: Principal, ticketId: string): Promise<{ client: Client; stored: StoredTicket }> {
    const parsed = parseTicketId(ticketId);
    const notFound = new DomainError('not-found', `No ticket ${ticketId}.`);
    if (!parsed) throw notFound;
    const clientId = await this.clients.clientIdForPrefix(parsed.prefix);
    if (!clientId || !canSeeClient(principal, clientId)) throw notFound;
    const [client, stored] = await Promise.all([this.clients.getClient(clientId), this.tickets.get(clientId, parsed.number)]);
    if (!client || !stored) throw notFound;
    return { client, stored };
  }

  async #visibleClient(principal: Principal, clientId: string, field: string): Promise<Client> {
    const client = canSeeClient(principal, clientId) ? await this.clients.getClient(clientId) : undefined;
    if (!client) throw new DomainError('not-found', `No client ${clientId}.`, field);
    return client;
  }

  /** Only registered, active contacts may raise tickets; a contact session raises them as itself. */
  async #reporter(principal: Principal, client: Client, reporter: string): Promise<string> {
    if (principal.kind === 'contact' && principal.email !== reporter.toLowerCase()) {
      throw new DomainError('forbidden', 'A contact can only raise tickets as themself.', 'reporter');
    }
    const contact = await this.clients.getContact(client.id, reporter);
    if (!contact?.active) {
      throw new DomainError('unprocessable', `${reporter} is not a registered, active contact of ${client.id}.`, 'reporter');
    }
    return contact.email;
  }

  async #party(principal: Principal, client: Client, by: string | undefined): Promise<ActingParty> {
    if (principal.kind === 'admin' && by === undefined) return { actor: { kind: 'staff', id: 'admin' }, roles: new Set() };
    const email = principal.kind === 'contact' ? principal.email : by;
    if (email === undefined) {
      return { actor: actorOf(principal, ''), roles: new Set() };
    }
    if (client.active === false) throw new DomainError('conflict', `Client ${client.id} is inactive: its contacts can no longer act.`, 'by');
    const contact: Contact | undefined = await this.clients.getContact(client.id, email);
    if (!contact?.active) throw new DomainError('unprocessable', `${email} is not a registered, active contact of ${client.id}.`, 'by');
    // Staff recording a client's decision still act with the desk's rights, but the decision is the contact's.
    const kind = principal.kind === 'admin' ? 'staff' : 'contact';
    return { actor: { kind, id: contact.email }, roles: new Set<ContactRole>(contact.roles) };
  }
}

function actorOf(principal: Principal, contactEmail: string): Actor {
  switch (principal.kind) {
    case 'admin':
      return { kind: 'staff', id: 'admin' };
    case 'client-key':
      return { kind: 'integration', id: contactEmail || principal.name };
    case 'contact':
      return { kind: 'contact', id: principal.email };
  }
}

function principalKey(principal: Principal): string {
  return principal.kind === 'admin' ? 'admin' : principal.kind === 'client-key' ? `key:${principal.keyId}` : `contact:${principal.email}`;
}

function requireScope(principal: Principal, scope: 'tickets:read' | 'tickets:write'): void {
  if (principal.kind === 'client-key' && !principal.scopes.includes(scope)) {
    throw new DomainError('forbidden', `This key lacks the ${scope} scope.`);
  }
}

function bySoonestDue(a: TicketView, b: TicketView): number {
  const da = nextDue(a);
  const db = nextDue(b);
  if (da !== db) return da === undefined ? 1 : db === undefined ? -1 : da < db ? -1 : 1;
  return a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.id < b.id ? -1 : 1;
}
