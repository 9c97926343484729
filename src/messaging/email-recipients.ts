import type { Contact } from '../domain/clients/client';
import type { CloudEvent } from '../domain/events/cloud-event';
import type { DomainEventType } from '../domain/events/event-catalogue';
import { eventVisibility } from '../domain/tickets/event-visibility';
import { eventCategory } from './event-message';

/** Who could be told about an event; the rules below pick from these. */
export interface RecipientDirectory {
  /** The ticket's reporter, for ticket events: mailed only if it is an active contact (never a key's name). */
  readonly reporter?: string;
  readonly contacts: readonly Contact[];
  readonly supportLead?: string;
  /** The staff member the ticket is assigned to, if any. */
  readonly assignee?: string;
}

/** `client` recipients get the public form of the event; `staff` recipients see internal notes too. */
export interface Recipient {
  readonly address: string;
  readonly audience: 'client' | 'staff';
}

/** SLA events the support lead is mailed about; `sla.met` is good news nobody needs an e-mail for. */
const leadSlaEvents: ReadonlySet<string> = new Set<DomainEventType>(['sla.warning', 'sla.breached']);

/** Ticket events that ask for, or answer, an approver's decision (quotes, schedules). */
function concernsApprovers(event: Pick<CloudEvent, 'type' | 'data'>): boolean {
  if (event.type === 'ticket.assessed') return event.data.status === 'awaiting-approval';
  return [
    'ticket.approved',
    'ticket.declined',
    'ticket.schedule-proposed',
    'ticket.schedule-accepted',
    'ticket.schedule-queried',
  ].includes(event.type);
}

/**
 * Hour-bank events worth an e-mail (docs/product-spec.md §5): purchases, low balance and exhaustion. Call-offs and
 * adjustments are on the statement and the webhooks; mailing every booking would bury the alerts.
 */
const mailedHourBankEvents = new Set(['hourbank.purchased', 'hourbank.low-balance', 'hourbank.exhausted']);

/** Ticket events nobody is mailed about: booking time is the desk's bookkeeping (it is on the statement). */
const unmailedTicketEvents = new Set(['ticket.time-logged', 'ticket.checked']);

/**
 * Maintenance releases (docs/maintenance-plan.md): a proposal asks the client's approvers; an answer
 * goes back to the support lead; the release notes go to the approvers and the requesters of its items.
 */
function maintenanceRecipients(
  event: Pick<CloudEvent, 'type' | 'data'>,
  approvers: readonly string[],
  activeAddresses: ReadonlySet<string>,
  lead: readonly string[],
): { client: string[]; staff: string[] } {
  switch (event.type) {
    case 'maintenance.release-proposed':
      return { client: [...approvers], staff: [] };
    case 'maintenance.release-approved':
    case 'maintenance.release-queried':
      return { client: [], staff: [...lead] };
    case 'maintenance.release-completed': {
      const requesters = Array.isArray(event.data.requesters)
        ? event.data.requesters.filter(
            (r): r is string => typeof r === 'string' && activeAddresses.has(r.trim().toLowerCase()),
          )
        : [];
      return { client: [...approvers, ...requesters], staff: [] };
    }
    default:
      return { client: [], staff: [] };
  }
}

/**
 * Who gets an e-mail about an event: the people the ticket concerns (product spec, Corrections), not every
 * contact of the client.
 * - ticket events: the reporter and the assignee; for approvals and schedules the client's active
 *   approvers too; internal events (internal comments) only the assignee;
 * - SLA warnings and breaches: the support lead and the assignee;
 * - hour-bank purchases, low balance and exhaustion: the client's active approvers and the support lead
 *   (call-offs and adjustments are on the statement; booking time, `ticket.time-logged`, mails nobody);
 * - maintenance releases: proposals to the approvers, answers to the support lead, release notes to the
 *   approvers and the active contacts who asked for its items (`requesters`); checklist answers nobody;
 * Only addresses of active contacts are client recipients, so an integration (a key's name as the
 * reporter of an alert ticket) is never mailed. Addresses are lower-cased and each appears once; one
 * that is both a contact and staff is treated as a contact (the safer view).
 */
export function emailRecipients(event: Pick<CloudEvent, 'type' | 'data'>, directory: RecipientDirectory): Recipient[] {
  const active = directory.contacts.filter((c) => c.active);
  const approvers = active.filter((c) => c.roles.includes('approver')).map((c) => c.email);
  const activeAddresses = new Set(active.map((c) => c.email.toLowerCase()));
  const reporter =
    directory.reporter && activeAddresses.has(directory.reporter.trim().toLowerCase()) ? [directory.reporter] : [];
  const lead = directory.supportLead ? [directory.supportLead] : [];
  const assignee = directory.assignee ? [directory.assignee] : [];
  let client: string[] = [];
  let staff: string[] = [];
  switch (eventCategory(event.type)) {
    case 'ticket':
      if (unmailedTicketEvents.has(event.type)) break;
      // A reply by mail past the loop guard (docs/product-spec.md §8) is on the timeline, but mails nobody.
      if (event.data.muted === true) break;
      if (eventVisibility(event) === 'internal') staff = assignee;
      else {
        client = [...reporter, ...(concernsApprovers(event) ? approvers : [])];
        staff = assignee;
      }
      break;
    case 'sla':
      staff = leadSlaEvents.has(event.type) ? [...lead, ...assignee] : [];
      break;
    case 'hourbank':
      if (!mailedHourBankEvents.has(event.type)) break;
      client = approvers;
      staff = lead;
      break;
    case 'maintenance':
      ({ client, staff } = maintenanceRecipients(event, approvers, activeAddresses, lead));
      break;
    default:
      break;
  }
  const seen = new Set<string>();
  const recipients: Recipient[] = [];
  const add = (addresses: readonly string[], audience: Recipient['audience']) => {
    for (const raw of addresses) {
      const address = raw.trim().toLowerCase();
      if (address.length === 0 || seen.has(address)) continue;
      seen.add(address);
      recipients.push({ address, audience });
    }
  };
  add(client, 'client');
  for (const address of staff) add([address], activeAddresses.has(address.trim().toLowerCase()) ? 'client' : 'staff');
  return recipients;
}
