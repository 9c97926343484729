import { eachAtMost } from './each-at-most';
import { currentAgreementVersion } from '../domain/agreement/agreement-version';
import type { Client } from '../domain/clients/client';
import { DomainError } from '../domain/domain-error';
import { domainEvent } from '../domain/events/event-catalogue';
import {
  dueOccurrences,
  maxMissedKept,
  maxRaisedKept,
  nextCheckAt,
  nextOccurrences,
  occurrenceClaimKey,
  ruleProblem,
  sameRecurrence,
  startProblem,
  workingCalendarId,
  type MaintenanceSchedule,
  type Occurrence,
  type ScheduleContext,
  type ScheduleDefinition,
} from '../domain/maintenance/schedule';
import { newTicket, ticketId } from '../domain/tickets/ticket';
import type { ClientStore } from '../ports/client-store';
import type { Clock } from '../ports/clock';
import type { MaintenanceScheduleStore, StoredSchedule } from '../ports/maintenance-schedule-store';
import { ClaimTakenError, type TicketStore } from '../ports/ticket-store';
import { currentTerms } from './agreement-terms';
import { actorName, hasStaffRole, isStaff, type Principal } from './principal';
import { assertMayReadPlan } from './maintenance-plan-access';
import { retryOnConflict } from './retry-on-conflict';
import type { VersionCondition, Versioned } from './version-condition';
import type { TicketChangeListener } from '../ports/change-listeners';
import { presentTicket, queuePositionOf } from './ticket-view';

/** A schedule as the API answers it: the definition, the next five occurrences and those missed. */
export interface ScheduleView extends ScheduleDefinition {
  readonly id: string;
  readonly clientId: string;
  readonly timezone: string;
  /** The next 5 occurrences (ISO instants), after the holiday policy; none while paused. */
  readonly next: readonly string[];
  /** Occurrences never raised (an outage passed them), as ISO instants. */
  readonly missed: readonly string[];
  /** The latest tickets it raised. */
  readonly raised: readonly { readonly occurrence: string; readonly ticketId: string }[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface ScheduleRunReport {
  /** Schedules looked at (those whose check time had come). */
  readonly checked: number;
  /** Tickets raised, as `{scheduleId} {date} → {ticketId}`. */
  readonly raised: readonly string[];
  /** Occurrences given up as missed. */
  readonly missed: number;
  /** Schedules that failed, with the reason; they are looked at again on the next run. */
  readonly failed: readonly string[];
}

const conflictRetry = {
  attempts: 10,
  backoff: true,
  exhausted: () => new DomainError('conflict', 'The schedule kept changing; try again.'),
} as const;

/**
 * Routine maintenance and health checks (docs/product-spec.md §10): schedules with RFC 5545 rules in the client's
 * timezone, and the timer run that raises one `maintenance` ticket per occurrence.
 *
 * Exactly once: the ticket takes the occurrence's claim (`occ|{scheduleId}|{date}`) in its create
 * transaction, so however many timers race, one create wins and the others find the claim taken. The
 * schedule row (what was raised, what was missed, when to look next) is written afterwards under its
 * ETag; a run that dies in between leaves the claim, and the next run records the ticket that holds it.
 */
export class MaintenanceScheduleService {
  constructor(
    private readonly clients: ClientStore,
    private readonly schedules: MaintenanceScheduleStore,
    private readonly tickets: TicketStore,
    private readonly clock: Clock,
    private readonly listeners: readonly TicketChangeListener[] = [],
  ) {}

  /**
   * Creates or replaces a schedule (a lead, or the admin key). Only occurrences not yet raised change.
   * With `expected` (an `If-Match`), a schedule changed since that version, or not there at all, is
   * refused as `stale` and nothing is written; checked on every round, so a write that lands between the
   * read and the save (another lead, or the timer recording what it raised) is never silently overwritten.
   */
  async put(
    principal: Principal,
    clientId: string,
    scheduleId: string,
    definition: ScheduleDefinition,
    expected?: VersionCondition,
  ): Promise<Versioned<ScheduleView> & { created: boolean }> {
    if (!isStaff(principal)) throw new DomainError('not-found', `No client ${clientId}.`);
    if (!hasStaffRole(principal, 'lead'))
      throw new DomainError('forbidden', 'Only a support lead plans maintenance schedules.');
    const client = await this.#client(clientId);
    const context = contextOf(client);
    assertUsable(definition, context);
    const by = actorName(principal);
    return retryOnConflict(async () => {
      const now = this.clock.now();
      const at = now.toISOString();
      const stored = await this.schedules.get(clientId, scheduleId);
      if (expected && (!stored || !expected(stored.version)))
        throw new DomainError('stale', `Schedule ${scheduleId} has changed since that version was read.`);
      const previous = stored?.schedule;
      // A new rule, or a schedule resumed, starts from now: nothing it would have raised in the past is.
      const restart = !previous || !sameRecurrence(previous, definition) || (!previous.active && definition.active);
      const schedule: MaintenanceSchedule = {
        ...stripDefinition(definition),
        id: scheduleId,
        clientId,
        createdAt: previous?.createdAt ?? at,
        updatedAt: at,
        updatedBy: by,
        notBefore: restart ? at : previous.notBefore,
        ...(previous?.raisedThrough !== undefined ? { raisedThrough: previous.raisedThrough } : {}),
        missed: previous?.missed ?? [],
        raised: previous?.raised ?? [],
      };
      const saved = await this.schedules.save(schedule, nextCheckAt(schedule, context, now.getTime()), stored?.version);
      return { view: present(saved.schedule, client, now.getTime()), version: saved.version, created: !stored };
    }, conflictRetry);
  }

  /** One schedule with its preview: staff, and the client's approvers (the portal's upcoming checks). */
  async get(principal: Principal, clientId: string, scheduleId: string): Promise<ScheduleView> {
    return (await this.getVersioned(principal, clientId, scheduleId)).view;
  }

  /** As `get`, with the schedule's storage version (its ETag). */
  async getVersioned(principal: Principal, clientId: string, scheduleId: string): Promise<Versioned<ScheduleView>> {
    assertMayReadPlan(principal, clientId);
    const client = await this.#client(clientId);
    const stored = await this.schedules.get(clientId, scheduleId);
    if (!stored) throw new DomainError('not-found', `No schedule ${scheduleId} for ${clientId}.`);
    return { view: present(stored.schedule, client, this.clock.now().getTime()), version: stored.version };
  }

  /** Each with its storage version (its ETag), for `If-Match` on an edit of the one a page shows. */
  async list(principal: Principal, clientId: string): Promise<Versioned<ScheduleView>[]> {
    assertMayReadPlan(principal, clientId);
    const client = await this.#client(clientId);
    const now = this.clock.now().getTime();
    return (await this.schedules.list(clientId)).map((s) => ({
      view: present(s.schedule, client, now),
      version: s.version,
    }));
  }

  /**
   * The timer's run: every schedule whose check time has come raises its due occurrence, if any. Runs
   * that overlap (two instances, or a slow run and the next) are safe: see the class comment.
   */
  async raiseDue(): Promise<ScheduleRunReport> {
    const now = this.clock.now();
    const rows = await this.schedules.dueForCheck(now.toISOString());
    const raised: string[] = [];
    const failed: string[] = [];
    let missed = 0;
    // A few at a time: each is a handful of round trips, and the run should not monopolise the instance.
    await eachAtMost(rows, 4, async (row) => {
      try {
        const outcome = await this.#check(row, now);
        if (outcome.raised) raised.push(`${row.schedule.id} ${outcome.raised}`);
        missed += outcome.missed;
      } catch (error) {
        failed.push(
          `${row.schedule.clientId}/${row.schedule.id}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
    return { checked: rows.length, raised, missed, failed };
  }

  async #check(first: StoredSchedule, now: Date): Promise<{ raised?: string; missed: number }> {
    const { clientId, id } = first.schedule;
    const client = await this.clients.getClient(clientId);
    let fresh: StoredSchedule | undefined = first;
    return retryOnConflict(async () => {
      const stored = fresh ?? (await this.schedules.get(clientId, id));
      fresh = undefined;
      if (!stored) return { missed: 0 };
      const schedule = stored.schedule;
      if (!client) {
        // The client is gone: nothing to raise, and nothing to look at again.
        await this.schedules.save(schedule, undefined, stored.version);
        return { missed: 0 };
      }
      const context = contextOf(client);
      const decision = dueOccurrences(schedule, context, now.getTime());
      let next = schedule;
      let raisedText: string | undefined;
      let missedCount = 0;
      if (decision.raise) {
        const holder = await this.#raise(client, schedule, decision.raise, now);
        raisedText = `${decision.raise.date} → ${holder}`;
        const raisedNow = [{ occurrence: decision.raise.date, ticketId: holder }];
        const missedNow: string[] = [];
        for (const passed of decision.passed) {
          // A run that died after raising, before recording it, left the claim: that one was raised.
          const claim = await this.tickets.readClaim(clientId, occurrenceClaimKey(id, passed.date));
          if (claim)
            raisedNow.unshift({ occurrence: passed.date, ticketId: ticketId(client.ticketPrefix, claim.number) });
          else missedNow.push(passed.at);
        }
        missedCount = missedNow.length;
        next = {
          ...schedule,
          raisedThrough: decision.raise.date,
          missed: [...schedule.missed, ...missedNow].slice(-maxMissedKept),
          raised: [...schedule.raised, ...raisedNow.sort((a, b) => (a.occurrence < b.occurrence ? -1 : 1))].slice(
            -maxRaisedKept,
          ),
        };
      }
      const checkAt = nextCheckAt(next, context, now.getTime());
      // Most looks find nothing to raise yet (the check window opens a day early): no write then.
      if (next !== schedule || checkAt !== stored.checkAt) await this.schedules.save(next, checkAt, stored.version);
      return { ...(raisedText ? { raised: raisedText } : {}), missed: missedCount };
    }, conflictRetry);
  }

  /** Raises the occurrence's ticket, or finds the one another run raised; answers its id. */
  async #raise(client: Client, schedule: MaintenanceSchedule, occurrence: Occurrence, now: Date): Promise<string> {
    const at = now.toISOString();
    const actor = `schedule:${schedule.id}`;
    const claimKey = occurrenceClaimKey(schedule.id, occurrence.date);
    const terms = currentTerms(client);
    // Maintenance tickets run no clocks; the severity is the agreement's last (least severe) only
    // because every ticket names one.
    const severity = client.agreement.severities.at(-1)?.id ?? '';
    try {
      const outcome = await this.tickets.create({
        clientId: client.id,
        build: (number) => {
          const ticket = newTicket({
            clientId: client.id,
            ticketPrefix: client.ticketPrefix,
            number,
            title: `${schedule.title} (${occurrence.date})`,
            description: describe(schedule, occurrence, client.timezone),
            severity,
            type: 'maintenance',
            reporter: actor,
            receivedAt: at,
            channel: 'schedule',
            agreementVersion: currentAgreementVersion(client),
            maintenance: {
              scheduleId: schedule.id,
              occurrence: occurrence.date,
              dueAt: occurrence.at,
              checklist: schedule.checklist,
            },
          });
          const data = {
            severity: ticket.severity,
            type: ticket.type,
            reporter: actor,
            title: ticket.title,
            channel: 'schedule',
            sla: presentTicket(ticket, terms, now).sla,
            ...(ticket.maintenance ? { maintenance: ticket.maintenance } : {}),
          };
          return {
            ticket,
            events: [{ ...domainEvent('ticket.created', data), at, actor }],
            position: queuePositionOf(ticket, terms),
          };
        },
        claim: { key: claimKey },
      });
      if (outcome.kind !== 'created') throw new Error('A scheduled create was answered as an idempotent replay.');
      for (const listener of this.listeners) {
        await listener.ticketChanged(outcome.stored.ticket, outcome.events);
      }
      return outcome.stored.ticket.id;
    } catch (error) {
      if (!(error instanceof ClaimTakenError)) throw error;
      const holder = await this.tickets.readClaim(client.id, claimKey);
      if (!holder) throw error;
      return ticketId(client.ticketPrefix, holder.number);
    }
  }

  async #client(clientId: string): Promise<Client> {
    const client = await this.clients.getClient(clientId);
    if (!client) throw new DomainError('not-found', `No client ${clientId}.`);
    return client;
  }
}

function contextOf(client: Client): ScheduleContext {
  return { timezone: client.timezone, calendars: client.agreement.calendars };
}

function assertUsable(definition: ScheduleDefinition, context: ScheduleContext): void {
  const rule = ruleProblem(definition.rrule);
  if (rule) throw new DomainError('invalid', `rrule ${rule}`, 'rrule');
  const start = startProblem(definition.start, context.timezone);
  if (start) throw new DomainError('invalid', `start ${start}`, 'start');
  if (workingCalendarId(context, definition.calendar) === undefined) {
    throw new DomainError(
      'invalid',
      `calendar "${definition.calendar}" is not one of the agreement's calendars (${Object.keys(context.calendars).join(', ')})`,
      'calendar',
    );
  }
}

function stripDefinition(definition: ScheduleDefinition): ScheduleDefinition {
  return {
    title: definition.title,
    checklist: [...definition.checklist],
    rrule: definition.rrule.replace(/^RRULE:/i, '').toUpperCase(),
    start: definition.start,
    leadDays: definition.leadDays,
    onHoliday: definition.onHoliday,
    active: definition.active,
    ...(definition.calendar !== undefined ? { calendar: definition.calendar } : {}),
  };
}

function present(schedule: MaintenanceSchedule, client: Client, now: number): ScheduleView {
  const { notBefore: _notBefore, raisedThrough: _through, ...rest } = schedule;
  return {
    ...rest,
    timezone: client.timezone,
    next: nextOccurrences(schedule, contextOf(client), now).map((o) => o.at),
  };
}

/** The ticket's text: when it falls due locally and the checklist to work through (plain text, never HTML). */
function describe(schedule: MaintenanceSchedule, occurrence: Occurrence, timezone: string): string {
  const due = new Date(occurrence.at).toLocaleString('en-GB', {
    timeZone: timezone,
    dateStyle: 'full',
    timeStyle: 'short',
  });
  const lines = [`Scheduled maintenance due ${due} (${timezone}).`];
  if (schedule.checklist.length > 0) lines.push('', 'Checklist:', ...schedule.checklist.map((item) => `- ${item}`));
  return lines.join('\n');
}
