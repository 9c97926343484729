import { alertClaimKey } from '../alerts/dedup-key';
import {
  acknowledgedEvent,
  clearedSinceLastTrigger,
  createdAlertData,
  onlyAlertsOnTimeline,
  repeatedEvent,
  resolvedEvent,
  type AlertEventContext,
} from '../alerts/alert-events';
import type { AlertOutcome } from '../alerts/alert-outcome';
import { agreementSeverityFor } from '../alerts/alert-severity';
import type { AlertSignal, AlertSourceName } from '../alerts/alert-signal';
import { autoResolve } from '../alerts/auto-resolve';
import { KeyedBatcher } from '../alerts/keyed-batcher';
import type { Client } from '../domain/clients/client';
import { DomainError } from '../domain/domain-error';
import { domainEvent } from '../domain/events/event-catalogue';
import { isFinished, newTicket, type Ticket } from '../domain/tickets/ticket';
import type { PendingEvent, TimelineEvent } from '../domain/tickets/timeline-event';
import type { ClientStore } from '../ports/client-store';
import type { Clock } from '../ports/clock';
import {
  ClaimTakenError,
  VersionConflictError,
  type ClaimRecord,
  type StoredTicket,
  type TicketStore,
} from '../ports/ticket-store';
import type { Principal } from './principal';
import { retryOnConflict, stillContended } from './retry-on-conflict';
import type { TicketChangeListener } from '../ports/change-listeners';
import { presentTicket, queuePositionOf } from './ticket-view';
import { currentTerms, ticketTerms } from './agreement-terms';
import { currentAgreementVersion } from '../domain/agreement/agreement-version';
import { slaWakePlan } from '../domain/sla/sla-schedule';

/** 40 `alert.repeated` entries (one outbox row each), plus the ticket and its queue rows: within a 100-operation transaction. */
const maxRepeatsPerWrite = 40;

interface LaneItem {
  readonly client: Client;
  readonly source: AlertSourceName;
  readonly signal: AlertSignal;
  /** The sending key's name: reporter of the tickets it raises, actor of everything it adds. */
  readonly actor: string;
}

interface Located {
  readonly claim?: ClaimRecord;
  readonly stored?: StoredTicket;
}

/**
 * Monitoring alerts raise, repeat on and resolve tickets: at most one open ticket per client, source
 * and dedup key.
 *
 * Exactly once, across processes: the ticket holds a claim on its dedup key, taken in the transaction
 * that creates it, so a second create for the same key fails and falls back to a repeat; repeats are
 * ETag-guarded updates, retried on conflict. Within a process, alerts with the same key queue behind
 * each other and consecutive triggers are written together (see KeyedBatcher), so a storm does not
 * turn into hundreds of writers contending for one ETag.
 */
export class AlertService {
  readonly #lanes: KeyedBatcher<LaneItem, AlertOutcome>;

  constructor(
    private readonly clients: ClientStore,
    private readonly tickets: TicketStore,
    private readonly clock: Clock,
    private readonly listeners: readonly TicketChangeListener[] = [],
  ) {
    this.#lanes = new KeyedBatcher<LaneItem, AlertOutcome>({
      maxBatch: maxRepeatsPerWrite,
      joins: (first, next) => first.signal.action === 'trigger' && next.signal.action === 'trigger',
      run: (_key, batch) => this.#run(batch),
    });
  }

  /** Applies each alert of a payload on its own; outcomes in payload order. */
  async ingest(
    principal: Principal,
    source: AlertSourceName,
    signals: readonly AlertSignal[],
  ): Promise<AlertOutcome[]> {
    const sender = alertSender(principal);
    const client = await this.clients.getClient(sender.clientId);
    if (!client) throw new DomainError('not-found', `No client ${sender.clientId}.`);
    const settled = await Promise.allSettled(
      signals.map((signal) =>
        this.#lanes.submit(`${client.id}\n${alertClaimKey(source, signal.dedupKey)}`, {
          client,
          source,
          signal,
          actor: sender.name,
        }),
      ),
    );
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((s) => (s as PromiseFulfilledResult<AlertOutcome>).value);
  }

  async #run(batch: readonly LaneItem[]): Promise<AlertOutcome[]> {
    const first = batch[0] as LaneItem;
    switch (first.signal.action) {
      case 'trigger':
        return this.#trigger(batch);
      case 'resolve':
        return [await this.#resolve(first)];
      case 'acknowledge':
        return [await this.#acknowledge(first)];
    }
  }

  /**
   * Consecutive triggers of one key: the first may create the ticket, the rest repeat on it in one write.
   * Each step either counts every pending trigger on the open ticket, or opens a ticket with the first
   * (the rest then repeat on it, without a read); a step that meets another writer (the ticket changed,
   * or the claim was taken) runs again from a fresh read.
   */
  async #trigger(batch: readonly LaneItem[]): Promise<AlertOutcome[]> {
    const { client, source, signal } = batch[0] as LaneItem;
    const claimKey = alertClaimKey(source, signal.dedupKey);
    const outcomes: AlertOutcome[] = [];
    let pending = batch;
    let known: StoredTicket | undefined;
    while (pending.length > 0) {
      const step = await retryOnConflict(async () => {
        const target: Located = known ? { stored: known } : await this.#locate(client.id, claimKey);
        known = undefined;
        if (target.stored && !isFinished(target.stored.ticket.status))
          return { kind: 'repeated' as const, repeated: await this.#repeat(target.stored, pending) };
        return { kind: 'created' as const, created: await this.#create(pending[0] as LaneItem, claimKey, target) };
      }, triggerRetry);
      if (step.kind === 'repeated') {
        outcomes.push(...step.repeated);
        pending = [];
      } else {
        outcomes.push(step.created.outcome);
        pending = pending.slice(1);
        known = step.created.stored;
      }
    }
    return outcomes;
  }

  /** A new ticket holding the claim; throws ClaimTakenError when another writer took the claim first. */
  async #create(
    item: LaneItem,
    claimKey: string,
    target: Located,
  ): Promise<{ stored: StoredTicket; outcome: AlertOutcome }> {
    const { client, source, signal, actor } = item;
    const now = this.clock.now();
    const at = now.toISOString();
    const severity = agreementSeverityFor(client.agreement, signal.severity);
    const context: AlertEventContext = { source, actor, now: at };
    const previousTicketId = target.stored?.ticket.id;
    const outcome = await this.tickets.create({
      clientId: client.id,
      build: (number) => {
        const ticket = newTicket({
          clientId: client.id,
          ticketPrefix: client.ticketPrefix,
          number,
          title: signal.title,
          description: signal.description,
          severity: severity.id,
          type: 'defect',
          reporter: actor,
          receivedAt: at,
          channel: 'alert',
          origin: { kind: 'alert', source, dedupKey: signal.dedupKey, occurrences: 1 },
          agreementVersion: currentAgreementVersion(client),
        });
        const terms = currentTerms(client);
        // The first wake-up of its SLA orchestration, as for any new ticket (TicketService.create).
        const { nextAt } = slaWakePlan(terms, ticket);
        const data = {
          severity: ticket.severity,
          type: ticket.type,
          reporter: actor,
          title: ticket.title,
          sla: presentTicket(ticket, terms, now).sla,
          ...(nextAt ? { slaNextAt: nextAt } : {}),
          origin: ticket.origin,
          alert: createdAlertData(context, signal, severity.mapped),
          ...(previousTicketId ? { previousTicketId } : {}),
        };
        return {
          ticket,
          events: [{ ...domainEvent('ticket.created', data), at, actor }],
          position: queuePositionOf(ticket, terms),
        };
      },
      claim: { key: claimKey, ...(target.claim ? { replaces: target.claim.version } : {}) },
    });
    if (outcome.kind !== 'created') throw new Error('An alert create was answered as an idempotent replay.');
    await this.#notify(outcome.stored.ticket, outcome.events);
    const ticket = outcome.stored.ticket;
    return {
      stored: outcome.stored,
      outcome: {
        dedupKey: signal.dedupKey,
        action: 'trigger',
        outcome: 'created',
        ticketId: ticket.id,
        occurrences: 1,
        severity: ticket.severity,
      },
    };
  }

  /** Counts triggers on the open ticket in one write; throws VersionConflictError when the ticket changed meanwhile. */
  async #repeat(stored: StoredTicket, items: readonly LaneItem[]): Promise<AlertOutcome[]> {
    const now = this.clock.now().toISOString();
    const { ticket } = stored;
    const first = items[0] as LaneItem;
    const origin = ticket.origin ?? {
      kind: 'alert' as const,
      source: first.source,
      dedupKey: first.signal.dedupKey,
      occurrences: 1,
    };
    const events = items.map((item, i) =>
      repeatedEvent({ source: item.source, actor: item.actor, now }, item.signal, origin.occurrences + i + 1),
    );
    const next: Ticket = {
      ...ticket,
      origin: { ...origin, occurrences: origin.occurrences + items.length },
      updatedAt: now,
    };
    await this.#commit(first.client, stored, next, events);
    return items.map((item, i) => ({
      dedupKey: item.signal.dedupKey,
      action: 'trigger',
      outcome: 'repeated',
      ticketId: ticket.id,
      occurrences: origin.occurrences + i + 1,
    }));
  }

  /** Notes the clearance on the alert's ticket, and resolves it if the agreement allows and no person acted. */
  async #resolve({ client, source, signal, actor }: LaneItem): Promise<AlertOutcome> {
    const base = { dedupKey: signal.dedupKey, action: 'resolve' as const };
    return retryOnConflict(async () => {
      const { stored } = await this.#locate(client.id, alertClaimKey(source, signal.dedupKey));
      if (!stored) return { ...base, outcome: 'ignored', note: 'No ticket was raised for this alert.' };
      const { ticket } = stored;
      const timeline = await this.tickets.timeline(client.id, ticket.number);
      const occurrences = ticket.origin?.occurrences;
      if (clearedSinceLastTrigger(timeline))
        return { ...base, outcome: 'ignored', ticketId: ticket.id, occurrences, note: 'Already resolved.' };
      const now = this.clock.now().toISOString();
      const events: PendingEvent[] = [resolvedEvent({ source, actor, now }, signal)];
      let next: Ticket = { ...ticket, updatedAt: now };
      // The ticket's own agreement version decides, as it does for its clocks.
      const terms = await ticketTerms(this.clients, client, ticket);
      const auto = terms.agreement.autoResolveAlerts && ticket.status === 'new' && onlyAlertsOnTimeline(timeline);
      if (auto) {
        const resolved = autoResolve({
          ticket,
          agreement: terms.agreement,
          timezone: terms.timezone,
          now,
          actor,
          source,
        });
        next = resolved.ticket;
        events.push(...resolved.events);
      }
      await this.#commit(client, stored, next, events);
      return { ...base, outcome: auto ? 'auto-resolved' : 'resolved', ticketId: ticket.id, occurrences };
    }, alertRetry);
  }

  async #acknowledge({ client, source, signal, actor }: LaneItem): Promise<AlertOutcome> {
    const base = { dedupKey: signal.dedupKey, action: 'acknowledge' as const };
    return retryOnConflict(async () => {
      const { stored } = await this.#locate(client.id, alertClaimKey(source, signal.dedupKey));
      if (!stored || isFinished(stored.ticket.status))
        return {
          ...base,
          outcome: 'ignored',
          ...(stored ? { ticketId: stored.ticket.id } : {}),
          note: 'No open ticket for this alert.',
        };
      const now = this.clock.now().toISOString();
      const next: Ticket = { ...stored.ticket, updatedAt: now };
      await this.#commit(client, stored, next, [acknowledgedEvent({ source, actor, now }, signal)]);
      return {
        ...base,
        outcome: 'acknowledged',
        ticketId: stored.ticket.id,
        occurrences: stored.ticket.origin?.occurrences,
      };
    }, alertRetry);
  }

  /** The ticket currently holding an alert's claim, if any. */
  async #locate(clientId: string, claimKey: string): Promise<Located> {
    const claim = await this.tickets.readClaim(clientId, claimKey);
    if (!claim) return {};
    const stored = await this.tickets.get(clientId, claim.number);
    return { claim, ...(stored ? { stored } : {}) };
  }

  /** ETag-guarded update; throws VersionConflictError when the ticket changed since it was read. */
  async #commit(client: Client, stored: StoredTicket, next: Ticket, events: readonly PendingEvent[]): Promise<void> {
    // The queue position is judged on the ticket's own agreement version, as its clocks are.
    const committed = await this.tickets.update(
      stored,
      next,
      events,
      queuePositionOf(next, await ticketTerms(this.clients, client, next)),
    );
    await this.#notify(committed.stored.ticket, committed.events);
  }

  /** After a commit: the runtime's listeners (the outbox relay); the SLA orchestration hears of it from the topic. */
  async #notify(ticket: Ticket, events: readonly TimelineEvent[]): Promise<void> {
    for (const listener of this.listeners) await listener.ticketChanged(ticket, events);
  }
}

/**
 * Only a client key with `alerts:write` sends alerts: the key says which client, and its name is the
 * reporter. The admin key belongs to no client and contacts are people, so both are refused.
 */
function alertSender(principal: Principal): { clientId: string; name: string } {
  if (principal.kind !== 'client-key') {
    throw new DomainError(
      'forbidden',
      'Alerts are sent with a client API key that has the alerts:write scope; the admin key and contact sessions cannot send them.',
    );
  }
  if (!principal.scopes.includes('alerts:write'))
    throw new DomainError('forbidden', 'This key lacks the alerts:write scope.');
  return { clientId: principal.clientId, name: principal.name };
}

const alertRetry = {
  attempts: 'while-contended',
  backoff: true,
  exhausted: () => stillContended("The alert's ticket"),
} as const;

/** A trigger also starts again when another writer took the claim first (it then repeats on their ticket). */
const triggerRetry = { ...alertRetry, conflicts: [VersionConflictError, ClaimTakenError] };
