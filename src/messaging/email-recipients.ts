import type { Contact } from '../domain/clients/client';
import type { CloudEvent } from '../domain/events/cloud-event';
import { eventCategory } from './event-message';

/** Who could be told about an event; the rules below pick from these. */
export interface RecipientDirectory {
  /** The ticket's reporter, for ticket events. */
  readonly reporter?: string;
  readonly contacts: readonly Contact[];
  readonly supportLead?: string;
  /** The engineer a `ticket.assigned` event assigns the ticket to. */
  readonly assignee?: string;
}

/** SLA events the support lead is mailed about; `sla.met` is good news nobody needs an e-mail for. */
const leadSlaEvents = new Set(['sla.warning', 'sla.breached']);

/**
 * Who gets an e-mail about an event (SPEC, Notifications):
 * - ticket events: the reporter and the client's active contacts; `ticket.assigned` also the assignee;
 * - SLA warnings and breaches: the support lead;
 * - hour-bank events: the client's active approvers and the support lead.
 * Addresses are lower-cased and each appears once.
 */
export function emailRecipients(event: Pick<CloudEvent, 'type'>, directory: RecipientDirectory): string[] {
  const active = directory.contacts.filter((c) => c.active);
  const lead = directory.supportLead ? [directory.supportLead] : [];
  let addresses: string[];
  switch (eventCategory(event.type)) {
    case 'ticket':
      addresses = [...(directory.reporter ? [directory.reporter] : []), ...active.map((c) => c.email), ...(directory.assignee ? [directory.assignee] : [])];
      break;
    case 'sla':
      addresses = leadSlaEvents.has(event.type) ? lead : [];
      break;
    case 'hourbank':
      addresses = [...active.filter((c) => c.roles.includes('approver')).map((c) => c.email), ...lead];
      break;
    default:
      addresses = [];
  }
  return [...new Set(addresses.map((a) => a.trim().toLowerCase()).filter((a) => a.length > 0))];
}
