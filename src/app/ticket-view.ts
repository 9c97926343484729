import { ticketAgreementVersion } from '../domain/agreement/agreement-version';
import type { SlaTerms } from '../domain/sla/sla-schedule';
import { evaluateTicketSla, type SlaClockView } from '../domain/sla/ticket-sla';
import { allowedTicketActions, type ActingParty } from '../domain/tickets/state-machine';
import type { Ticket } from '../domain/tickets/ticket';
import type { TicketActionName } from '../domain/tickets/ticket-action';
import { queuePosition, type QueuePosition } from '../domain/tickets/ticket-queue';
import { actorName, contactRolesAt, type Principal } from './principal';

export interface TicketView extends Omit<
  Ticket,
  'clocks' | 'slaRecorded' | 'eventCount' | 'hoursBooked' | 'timeEntryCount' | 'agreementVersion' | 'attachments'
> {
  /** Hours booked on the ticket by time entries. */
  readonly hoursBooked: number;
  /** The client's agreement version the ticket was received under and is judged by. */
  readonly agreementVersion: number;
  readonly sla: { readonly assess: SlaClockView; readonly resolve: SlaClockView };
  /** What the caller may do to the ticket now (`allowedTicketActions`): the buttons a page shows. */
  readonly allowedActions: readonly TicketActionName[];
}

/** A ticket's view before it is shown to anyone: the same for every caller. */
export type TicketFacts = Omit<TicketView, 'allowedActions'>;

/**
 * The ticket as the API shows it, with both clocks evaluated at `now` under `terms`: the agreement
 * version the ticket was received under (`ticketTerms`), not necessarily the client's current one.
 */
export function presentTicket(ticket: Ticket, terms: SlaTerms, now: Date): TicketFacts {
  const {
    clocks,
    slaRecorded: _recorded,
    eventCount: _count,
    hoursBooked = 0,
    timeEntryCount: _entries,
    agreementVersion: _version,
    // Listed by `GET …/attachments`, which knows who may see internal files.
    attachments: _attachments,
    ...rest
  } = ticket;
  const sla = evaluateTicketSla({
    agreement: terms.agreement,
    timezone: terms.timezone,
    severityId: ticket.severity,
    ticketType: ticket.type,
    assess: clocks.assess,
    resolve: clocks.resolve,
    now: now.toISOString(),
  });
  return { ...rest, hoursBooked, agreementVersion: ticketAgreementVersion(ticket), sla };
}

/** The ticket as `viewer` sees it: its facts and the actions `viewer` may take on it now. */
export function presentTicketFor(viewer: Principal, ticket: Ticket, terms: SlaTerms, now: Date): TicketView {
  return { ...presentTicket(ticket, terms, now), allowedActions: allowedActionsFor(viewer, ticket) };
}

/**
 * The actions a caller may take acting as themself (no `by`), by the rules the action endpoint applies:
 * the admin key as a lead, staff with their roles, a contact with their roles at the ticket's client, a
 * client key with `tickets:write` as an integration. A key acting for a contact in `by` has that
 * contact's rights, which depend on whom it names, so they are not listed.
 */
export function allowedActionsFor(viewer: Principal, ticket: Ticket): TicketActionName[] {
  if (viewer.kind === 'client-key' && !viewer.scopes.includes('tickets:write')) return [];
  const party: ActingParty =
    viewer.kind === 'contact'
      ? { actor: { kind: 'contact', id: viewer.email }, roles: new Set(contactRolesAt(viewer, ticket.clientId)) }
      : viewer.kind === 'client-key'
        ? { actor: { kind: 'integration', id: actorName(viewer) }, roles: new Set() }
        : {
            actor: { kind: 'staff', id: actorName(viewer) },
            roles: new Set(),
            staffRoles: new Set(viewer.kind === 'admin' ? (['engineer', 'lead'] as const) : viewer.roles),
          };
  return allowedTicketActions(ticket, party);
}

/**
 * Where the ticket stands in its client's queue, on the same terms `presentTicket` judges its clocks by
 * (the ticket's own agreement version: `ticketTerms`); every ticket write passes it to the store, which
 * moves the queue row in the same transaction.
 */
export function queuePositionOf(ticket: Ticket, terms: SlaTerms): QueuePosition {
  return queuePosition(ticket, { agreement: terms.agreement, timezone: terms.timezone });
}
