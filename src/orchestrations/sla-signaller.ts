import type { CloudEvent } from '../domain/events/cloud-event';
import { movesSlaClocks } from '../domain/sla/clock-moving-events';
import { parseTicketId } from '../domain/tickets/ticket';
import {
  slaInstanceId,
  ticketChangedEvent,
  ticketSlaOrchestrationName,
  type SlaOrchestrationInput,
} from './ticket-sla';

/** The part of the Durable client the signaller needs (`df.getClient(context)` satisfies it). */
export interface OrchestrationClient {
  startNew(name: string, options: { instanceId: string; input: unknown }): Promise<string>;
  raiseEvent(instanceId: string, eventName: string, eventData: unknown): Promise<void>;
  getStatus(instanceId: string): Promise<{ runtimeStatus?: string } | undefined>;
}

/** What the signaller did with an event (for logs and tests). */
export type SlaSignalOutcome = 'started' | 'already-running' | 'signalled' | 'restarted' | 'no-clocks' | 'ignored';

/** Statuses in which an orchestration still keeps its ticket's clocks. */
export const runningStatuses: readonly string[] = ['Running', 'Pending', 'ContinuedAsNew', 'Suspended'];
const running = new Set(runningStatuses);

/**
 * The `sla` subscription's consumer: starts a ticket's SLA orchestration on `ticket.created` and tells
 * it (`ticket-changed`) about every event that can move a clock. Every step is idempotent, because the
 * topic delivers at least once and the outbox sweep may publish an event again:
 *
 * - the instance id is derived from the ticket, and starting an instance that is running is a no-op
 *   (host.json `overridableExistingInstanceStates: NonRunningStates` makes the extension refuse it;
 *   the refusal is success here);
 * - a repeated signal only makes the orchestration re-plan from the ticket as stored;
 * - signalling an instance that has ended (or never started: an uncovered ticket assessed into a
 *   covered severity, a reopened ticket) starts it again, which re-plans from the stored ticket; the
 *   warnings and breaches already recorded on the ticket are not recorded twice.
 *
 * A failure is thrown, so the message is delivered again and finally dead-lettered: never dropped.
 */
export class SlaSignaller {
  constructor(private readonly client: OrchestrationClient) {}

  async eventArrived(event: CloudEvent): Promise<SlaSignalOutcome> {
    if (!movesSlaClocks(event.type)) return 'ignored';
    const parsed = parseTicketId(event.subject);
    if (!parsed) throw new Error(`Event ${event.id} (${event.type}) names no ticket: subject "${event.subject}".`);
    const instanceId = slaInstanceId(event.clientid, parsed.number);
    const input: SlaOrchestrationInput = { clientId: event.clientid, number: parsed.number };
    if (event.type === 'ticket.created') {
      // A ticket whose severity is not covered has no clocks; should assessment make it covered, that
      // event finds no orchestration and starts one.
      if (!hasApplicableClock(event.data)) return 'no-clocks';
      // The first sleep as planned at creation, when the event carries it: the orchestration need not read the ticket to learn it.
      const nextAt = firstWakeUp(event.data);
      return this.#ensureStarted(
        instanceId,
        nextAt ? { ...input, firstPlan: { nextAt, done: false, final: false } } : input,
        'started',
      );
    }
    const signal = { seq: Number(event.sequence) };
    try {
      await this.client.raiseEvent(instanceId, ticketChangedEvent, signal);
      return 'signalled';
    } catch (error) {
      // A running instance that could not be told must be told on the next delivery, not restarted.
      if (await this.#isRunning(instanceId)) throw error;
      // Ended or never started: starting it re-plans from the ticket as stored.
      const outcome = await this.#ensureStarted(instanceId, input, 'restarted');
      if (outcome !== 'already-running') return outcome;
      // Started meanwhile by another delivery — perhaps `ticket.created`, whose plan of the first sleep
      // predates this change: tell it (a failure makes the message come again).
      await this.client.raiseEvent(instanceId, ticketChangedEvent, signal);
      return 'signalled';
    }
  }

  /** Starts the ticket's orchestration unless it runs (the repair sweep's way in): 'restarted' or 'already-running'. */
  ensureRunning(ticket: SlaOrchestrationInput): Promise<SlaSignalOutcome> {
    return this.#ensureStarted(
      slaInstanceId(ticket.clientId, ticket.number),
      { clientId: ticket.clientId, number: ticket.number },
      'restarted',
    );
  }

  async #ensureStarted(
    instanceId: string,
    input: SlaOrchestrationInput,
    outcome: SlaSignalOutcome,
  ): Promise<SlaSignalOutcome> {
    try {
      await this.client.startNew(ticketSlaOrchestrationName, { instanceId, input });
      return outcome;
    } catch (error) {
      // "Already exists" is the answer for a running instance; anything else must be retried.
      if (await this.#isRunning(instanceId)) return 'already-running';
      throw error;
    }
  }

  async #isRunning(instanceId: string): Promise<boolean> {
    // The client rejects for an unknown id (404): not running.
    const status = await this.client.getStatus(instanceId).catch(() => undefined);
    return status?.runtimeStatus !== undefined && running.has(status.runtimeStatus);
  }
}

function hasApplicableClock(data: Readonly<Record<string, unknown>>): boolean {
  const sla = data.sla;
  // Without the clocks in the event, assume there are some: a needless orchestration ends at once.
  if (typeof sla !== 'object' || sla === null) return true;
  return Object.values(sla as Record<string, { status?: string }>).some((clock) => clock?.status !== 'not-applicable');
}

/** `slaNextAt` of a `ticket.created` when it is an instant; otherwise none (the orchestration then plans through its activity). */
function firstWakeUp(data: Readonly<Record<string, unknown>>): string | undefined {
  const at = data.slaNextAt;
  return typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? at : undefined;
}
