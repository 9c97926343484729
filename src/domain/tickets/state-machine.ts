import type { Agreement, TicketStatus } from '../agreement/agreement';
import { DomainError } from '../domain-error';
import { evaluateTicketSla, type ClockName, type ClockRecord } from '../sla/ticket-sla';
import { ticketStatusSchema } from '../agreement/ticket-status';
import type { Actor, ChecklistAnswer, Ticket } from './ticket';
import { checkItemId, isClosed, tiers } from './ticket';
import type { CheckAnswer, TicketAction, TicketActionName } from './ticket-action';
import { domainEvent, type DomainEvent } from '../events/event-catalogue';
import type { PendingEvent } from './timeline-event';

export type ContactRole = 'requester' | 'approver';

/** Who is acting, with the contact roles that matter for client-side actions. */
export interface ActingParty {
  readonly actor: Actor;
  readonly roles: ReadonlySet<ContactRole>;
  /** A member of staff's roles; the admin key counts as a lead. Absent for contacts and keys. */
  readonly staffRoles?: ReadonlySet<'engineer' | 'lead'>;
}

type Permission = 'staff' | 'approver' | 'contact' | 'anyone';

interface Rule {
  readonly from: readonly TicketStatus[];
  readonly who: Permission;
}

const open: readonly TicketStatus[] = ticketStatusSchema.options.filter((status) => !isClosed(status));
const working: readonly TicketStatus[] = ['in-progress', 'waiting-on-client', 'waiting-on-vendor'];
const unresolved: readonly TicketStatus[] = ['new', 'awaiting-approval', ...working];

/** The whole lifecycle of docs/product-spec.md §1: which states each action leaves from and who may take it. */
export const lifecycleRules: Readonly<Record<TicketActionName, Rule>> = {
  assess: { from: ['new'], who: 'staff' },
  approve: { from: ['awaiting-approval'], who: 'approver' },
  decline: { from: ['awaiting-approval'], who: 'approver' },
  'wait-client': { from: ['in-progress'], who: 'staff' },
  'wait-vendor': { from: ['in-progress'], who: 'staff' },
  resume: { from: ['waiting-on-client', 'waiting-on-vendor'], who: 'staff' },
  escalate: { from: ['new', ...working], who: 'staff' },
  resolve: { from: working, who: 'staff' },
  confirm: { from: ['resolved'], who: 'contact' },
  reject: { from: ['resolved'], who: 'contact' },
  close: { from: open, who: 'staff' },
  comment: { from: [...open, 'closed'], who: 'anyone' },
  'follow-up': { from: ['closed'], who: 'staff' },
  // Health checks are answered while the maintenance ticket is open (before it is resolved or closed).
  check: { from: open, who: 'staff' },
  assign: { from: open, who: 'staff' },
  diagnose: { from: unresolved, who: 'staff' },
  'propose-schedule': { from: unresolved, who: 'staff' },
  'accept-schedule': { from: open, who: 'approver' },
  'query-schedule': { from: open, who: 'approver' },
};

/** Every action a ticket can be given, in rule order. */
export const ticketActionNames = Object.keys(lifecycleRules) as [TicketActionName, ...TicketActionName[]];

export interface TransitionInput {
  readonly ticket: Ticket;
  readonly action: TicketAction;
  readonly party: ActingParty;
  readonly now: string;
  readonly agreement: Agreement;
  readonly timezone: string;
}

export interface TransitionResult {
  readonly ticket: Ticket;
  readonly events: readonly PendingEvent[];
}

/** Applies one action to a ticket: the new ticket and the timeline events it causes, or a DomainError. */
export function applyTicketAction(input: TransitionInput): TransitionResult {
  const { ticket, action, party, now } = input;
  const rule = lifecycleRules[action.action];
  if (!rule.from.includes(ticket.status)) {
    throw new DomainError(
      'conflict',
      `A ticket that is ${ticket.status} cannot be given "${action.action}".`,
      'action',
    );
  }
  assertPermitted(rule.who, party, action.action);

  const actor = party.actor.id;
  const change = planChange(input);
  let next: Ticket = { ...ticket, ...change.patch, updatedAt: now };
  next = { ...next, clocks: moveClocks(ticket, next, input.agreement, now) };

  const events: PendingEvent[] = [{ ...change.event, at: now, actor }];
  const metEvents = slaMetEvents(ticket, next, input);
  events.push(...metEvents.map((clock) => ({ ...domainEvent('sla.met', { clock }), at: now, actor: 'system' })));
  if (metEvents.length > 0) {
    next = { ...next, slaRecorded: [...next.slaRecorded, ...metEvents.map((clock) => `${clock}:met`)] };
  }
  return { ticket: next, events };
}

/**
 * The actions `party` may take on `ticket` now: those whose state and role rules `applyTicketAction`
 * would not refuse, and whose other preconditions do not depend on the request body (a schedule to
 * answer, a tier above to escalate to, an engineer taking only an unassigned ticket). In rule order.
 * What it still refuses for a given body (an unknown severity, an uncovered one without a quote) stays
 * the action's own answer.
 */
export function allowedTicketActions(ticket: Ticket, party: ActingParty): TicketActionName[] {
  return ticketActionNames.filter((action) => {
    const rule = lifecycleRules[action];
    if (!rule.from.includes(ticket.status) || !isPermitted(rule.who, party)) return false;
    switch (action) {
      case 'escalate':
        return tiers.indexOf(ticket.tier) < tiers.length - 1;
      case 'accept-schedule':
      case 'query-schedule':
        return ticket.schedule?.status === 'proposed';
      case 'check':
        return (ticket.maintenance?.checklist.length ?? 0) > 0;
      case 'assign': {
        const roles = party.staffRoles ?? new Set();
        return roles.has('lead') || (roles.has('engineer') && ticket.assignee === undefined);
      }
      default:
        return true;
    }
  });
}

function isPermitted(who: Permission, party: ActingParty): boolean {
  const { kind } = party.actor;
  return (
    kind === 'staff' ||
    who === 'anyone' ||
    (who === 'contact' && kind === 'contact' && party.roles.size > 0) ||
    (who === 'approver' && kind === 'contact' && party.roles.has('approver'))
  );
}

function assertPermitted(who: Permission, party: ActingParty, action: string): void {
  if (!isPermitted(who, party)) {
    const needs =
      who === 'staff' ? 'the support desk' : who === 'approver' ? 'an approver contact' : 'a registered contact';
    throw new DomainError('forbidden', `"${action}" can only be taken by ${needs}.`, who === 'staff' ? 'action' : 'by');
  }
}

interface PlannedChange {
  readonly patch: Partial<Ticket>;
  readonly event: DomainEvent;
}

function planChange({ ticket, action, party, now, agreement }: TransitionInput): PlannedChange {
  const by = party.actor.id;
  switch (action.action) {
    case 'assess': {
      const severityId = action.severity ?? ticket.severity;
      const severity = agreement.severities.find((s) => s.id === severityId);
      if (!severity) throw new DomainError('invalid', `Unknown severity "${severityId}" for this client.`, 'severity');
      if (!severity.covered && !action.quote) {
        throw new DomainError(
          'unprocessable',
          `Severity "${severityId}" is not covered: a quote is required.`,
          'quote',
        );
      }
      const status: TicketStatus = severity.covered ? 'in-progress' : 'awaiting-approval';
      const assessment = {
        by,
        at: now,
        ...(action.estimateHours !== undefined ? { estimateHours: action.estimateHours } : {}),
        ...(action.timeframe ? { timeframe: action.timeframe } : {}),
        ...(action.note ? { note: action.note } : {}),
      };
      return {
        patch: {
          status,
          severity: severityId,
          type: action.type ?? ticket.type,
          tier: action.tier,
          assessment,
          ...(action.quote && !severity.covered ? { quote: action.quote } : {}),
        },
        event: domainEvent('ticket.assessed', {
          status,
          severity: severityId,
          previousSeverity: ticket.severity,
          type: action.type ?? ticket.type,
          tier: action.tier,
          ...assessment,
          ...(action.quote ? { quote: action.quote } : {}),
        }),
      };
    }
    case 'approve':
      return {
        patch: {
          status: 'in-progress',
          approval: { decision: action.mode, by, at: now, ...(action.note ? { note: action.note } : {}) },
        },
        event: domainEvent('ticket.approved', {
          mode: action.mode,
          quote: ticket.quote,
          ...(action.note ? { note: action.note } : {}),
        }),
      };
    case 'decline':
      return {
        patch: {
          status: 'closed',
          approval: { decision: 'declined', by, at: now, ...(action.reason ? { note: action.reason } : {}) },
        },
        event: domainEvent('ticket.declined', { ...(action.reason ? { reason: action.reason } : {}) }),
      };
    case 'wait-client':
      return {
        patch: { status: 'waiting-on-client' },
        event: domainEvent('ticket.waiting', { on: 'client', note: action.note }),
      };
    case 'wait-vendor':
      return {
        patch: { status: 'waiting-on-vendor', vendorReference: action.vendorReference },
        event: domainEvent('ticket.waiting', {
          on: 'vendor',
          vendorReference: action.vendorReference,
          ...(action.note ? { note: action.note } : {}),
        }),
      };
    case 'resume':
      return {
        patch: { status: 'in-progress' },
        event: domainEvent('ticket.resumed', { from: ticket.status, ...(action.note ? { note: action.note } : {}) }),
      };
    case 'escalate': {
      if (tiers.indexOf(action.tier) <= tiers.indexOf(ticket.tier)) {
        throw new DomainError('unprocessable', `Escalation must move above the current tier ${ticket.tier}.`, 'tier');
      }
      return {
        patch: { tier: action.tier },
        event: domainEvent('ticket.escalated', {
          from: ticket.tier,
          to: action.tier,
          handoverNote: action.handoverNote,
        }),
      };
    }
    case 'resolve': {
      const { action: _name, ...report } = action;
      return {
        patch: { status: 'resolved', resolution: { ...report, by, at: now } },
        event: domainEvent('ticket.resolved', report),
      };
    }
    case 'confirm':
      return {
        patch: { status: 'closed' },
        event: domainEvent('ticket.closed', { confirmedBy: by, ...(action.note ? { note: action.note } : {}) }),
      };
    case 'reject':
      return { patch: { status: 'in-progress' }, event: domainEvent('ticket.reopened', { reason: action.reason }) };
    case 'close':
      return { patch: { status: 'closed' }, event: domainEvent('ticket.closed', { reason: action.reason }) };
    case 'comment':
      if (action.internal && party.actor.kind !== 'staff') {
        throw new DomainError('forbidden', 'Only the support team writes internal notes.', 'internal');
      }
      return {
        patch: {},
        event: domainEvent('ticket.commented', {
          text: action.text,
          ...(action.internal ? { internal: true as const } : {}),
          ...(action.mail
            ? {
                channel: 'email' as const,
                messageId: action.mail.messageId,
                ...(action.mail.quotedFrom !== undefined ? { quotedFrom: action.mail.quotedFrom } : {}),
                ...(action.mail.muted ? { muted: true as const } : {}),
              }
            : {}),
        }),
      };
    case 'follow-up':
      return {
        patch: { followUps: [...ticket.followUps, { task: action.task, by, at: now }] },
        event: domainEvent('ticket.follow-up-recorded', { task: action.task }),
      };
    case 'check':
      return planCheck(ticket, action.results, by, now);
    case 'assign':
      return planAssignment(ticket, action.to, party);
    case 'diagnose': {
      const { action: _name, ...finding } = action;
      return { patch: { diagnosis: { ...finding, by, at: now } }, event: domainEvent('ticket.diagnosed', finding) };
    }
    case 'propose-schedule':
      return {
        patch: { schedule: { items: action.items, status: 'proposed', proposedBy: by, proposedAt: now } },
        event: domainEvent('ticket.schedule-proposed', { items: action.items }),
      };
    case 'accept-schedule':
    case 'query-schedule': {
      const schedule = ticket.schedule;
      if (schedule?.status !== 'proposed') {
        throw new DomainError(
          'conflict',
          schedule
            ? `The schedule was already ${schedule.status}; wait for a new proposal.`
            : 'No schedule has been proposed.',
          'action',
        );
      }
      const accepted = action.action === 'accept-schedule';
      const remark = accepted ? action.note : action.remark;
      return {
        patch: {
          schedule: {
            ...schedule,
            status: accepted ? 'accepted' : 'queried',
            answeredBy: by,
            answeredAt: now,
            ...(remark ? { remark } : {}),
          },
        },
        event: domainEvent(accepted ? 'ticket.schedule-accepted' : 'ticket.schedule-queried', {
          items: schedule.items,
          ...(remark ? { remark } : {}),
        }),
      };
    }
  }
}

/**
 * Answers to lines of a maintenance ticket's checklist (docs/maintenance-plan.md): the latest answer per
 * line counts. A `fail` with `makeItem` names the item it becomes (`checkItemId`, derived, so the
 * `maintenance-items` subscription adds it once however often the event is delivered).
 */
function planCheck(ticket: Ticket, results: readonly CheckAnswer[], by: string, now: string): PlannedChange {
  const checklist = ticket.maintenance?.checklist ?? [];
  if (checklist.length === 0) throw new DomainError('conflict', 'This ticket has no checklist.', 'action');
  const seen = new Set<number>();
  for (const [i, answer] of results.entries()) {
    if (answer.line >= checklist.length)
      throw new DomainError(
        'invalid',
        `The checklist has ${checklist.length} lines (0–${checklist.length - 1}).`,
        `results.${i}.line`,
      );
    if (seen.has(answer.line))
      throw new DomainError('invalid', `Line ${answer.line} is answered twice.`, `results.${i}.line`);
    seen.add(answer.line);
    if (answer.makeItem && answer.result !== 'fail')
      throw new DomainError('invalid', 'Only a failed line becomes a maintenance item.', `results.${i}.makeItem`);
  }
  const earlier = new Map((ticket.checks ?? []).map((c) => [c.line, c]));
  const answered: ChecklistAnswer[] = results.map((answer) => {
    const itemId = answer.makeItem
      ? checkItemId(ticket.id, answer.line)
      : answer.result === 'fail'
        ? earlier.get(answer.line)?.itemId
        : undefined;
    return {
      line: answer.line,
      result: answer.result,
      ...(answer.note ? { note: answer.note } : {}),
      by,
      at: now,
      ...(itemId ? { itemId } : {}),
    };
  });
  for (const answer of answered) earlier.set(answer.line, answer);
  const checks = [...earlier.values()].sort((a, b) => a.line - b.line);
  const count = (result: ChecklistAnswer['result']) => checks.filter((c) => c.result === result).length;
  return {
    patch: { checks },
    event: domainEvent('ticket.checked', {
      results: answered.map((a) => ({
        line: a.line,
        item: checklist[a.line] ?? '',
        result: a.result,
        ...(a.note ? { note: a.note } : {}),
        // Only the answers that ask for an item name it: a redelivery or a later pass never makes one.
        ...(a.itemId && results.find((r) => r.line === a.line)?.makeItem ? { itemId: a.itemId } : {}),
      })),
      passed: count('pass'),
      failed: count('fail'),
      notApplicable: count('n/a'),
      unanswered: checklist.length - checks.length,
    }),
  };
}

/**
 * docs/product-spec.md §4: a lead (or the admin key) assigns any engineer; an engineer may only take an unassigned
 * ticket for themself. Whether `to` is an active engineer is the application's check (it needs the registry).
 */
function planAssignment(ticket: Ticket, to: string, party: ActingParty): PlannedChange {
  const roles = party.staffRoles ?? new Set();
  const self = party.actor.id.toLowerCase();
  if (!roles.has('lead')) {
    if (!roles.has('engineer') || to !== self) {
      throw new DomainError(
        'forbidden',
        'Only a lead assigns tickets to others; an engineer may take an unassigned ticket for themself.',
        'to',
      );
    }
    if (ticket.assignee !== undefined && ticket.assignee !== self) {
      throw new DomainError(
        'conflict',
        `The ticket is assigned to ${ticket.assignee}; ask a lead to reassign it.`,
        'to',
      );
    }
  }
  if (ticket.assignee === to) throw new DomainError('conflict', `The ticket is already assigned to ${to}.`, 'to');
  return {
    patch: { assignee: to },
    event: domainEvent('ticket.assigned', {
      assignee: to,
      ...(ticket.assignee ? { previousAssignee: ticket.assignee } : {}),
    }),
  };
}

/**
 * Clock records follow the status: the assess clock stops when the ticket is assessed (or closed
 * first); the resolve clock pauses in `pauseOn` states, stops at `resolve`, and on `reject` the time
 * spent resolved becomes a pause.
 */
function moveClocks(before: Ticket, after: Ticket, agreement: Agreement, now: string): Ticket['clocks'] {
  let { assess, resolve } = before.clocks;
  const stopsAssess = after.status !== 'new' && !assess.stoppedAt;
  if (stopsAssess) assess = { ...assess, stoppedAt: now };

  if (before.status === 'resolved' && after.status !== 'resolved' && after.status !== 'closed' && resolve.stoppedAt) {
    const { stoppedAt, ...running } = resolve;
    resolve = { ...running, pauses: [...resolve.pauses, { from: stoppedAt, to: now }] };
  }
  const pausedBefore = agreement.pauseOn.includes(before.status);
  const pausedAfter = agreement.pauseOn.includes(after.status);
  if (pausedBefore && !pausedAfter) resolve = closeOpenPause(resolve, now);
  if (!pausedBefore && pausedAfter && !resolve.stoppedAt)
    resolve = { ...resolve, pauses: [...resolve.pauses, { from: now }] };
  if ((after.status === 'resolved' || after.status === 'closed') && !resolve.stoppedAt) {
    resolve = { ...closeOpenPause(resolve, now), stoppedAt: now };
  }
  return { assess, resolve };
}

function closeOpenPause(clock: ClockRecord, now: string): ClockRecord {
  return { ...clock, pauses: clock.pauses.map((p) => (p.to === undefined ? { from: p.from, to: now } : p)) };
}

/** Clocks this transition stopped in time, and not reported met before. */
function slaMetEvents(before: Ticket, after: Ticket, input: TransitionInput): ClockName[] {
  const stopped = (['assess', 'resolve'] as const).filter(
    (clock) =>
      !before.clocks[clock].stoppedAt && after.clocks[clock].stoppedAt && !after.slaRecorded.includes(`${clock}:met`),
  );
  if (stopped.length === 0) return [];
  const sla = evaluateTicketSla({
    agreement: input.agreement,
    timezone: input.timezone,
    severityId: after.severity,
    ticketType: after.type,
    assess: after.clocks.assess,
    resolve: after.clocks.resolve,
    now: input.now,
  });
  return stopped.filter((clock) => sla[clock].status === 'met');
}
