import type { NumberedHourBankEvent } from '../hour-bank/hour-bank-ledger';
import type { MailQuarantinedData } from './event-catalogue';
import { eventVisibility } from '../tickets/event-visibility';
import type { TimelineEvent } from '../tickets/timeline-event';

/** A CloudEvents 1.0 structured-mode JSON document. */
export interface CloudEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  /**
   * A type of the catalogue (`event-catalogue.ts`) when the desk publishes it; a consumer reading from
   * the topic treats it as any string, since a newer version may publish types it does not know yet.
   */
  readonly type: string;
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: Readonly<Record<string, unknown>>;
  /** Extension attributes used for routing (CloudEvents allows lowercase alphanumeric names). */
  readonly clientid: string;
  readonly severity?: string;
  readonly sequence: string;
  /**
   * `internal` on events only the support team may see (internal comments); absent on public ones.
   * Webhooks not opted in to internal events never receive these (docs/security.md).
   */
  readonly visibility?: 'internal';
}

export interface TicketEventContext {
  readonly clientId: string;
  readonly ticketId: string;
  readonly severity: string;
  readonly title: string;
  readonly status: string;
}

/**
 * The id is derived from the ticket and the timeline position, so a retried write or a replayed
 * publish always produces the same id and every consumer can de-duplicate on it.
 */
export function ticketCloudEvent(ctx: TicketEventContext, event: TimelineEvent): CloudEvent {
  return {
    specversion: '1.0',
    id: `${ctx.ticketId}.${event.seq}`,
    source: `/clients/${ctx.clientId}/tickets/${ctx.ticketId}`,
    type: event.type,
    subject: ctx.ticketId,
    time: event.at,
    datacontenttype: 'application/json',
    data: { ticketId: ctx.ticketId, title: ctx.title, status: ctx.status, actor: event.actor, ...event.data },
    clientid: ctx.clientId,
    severity: ctx.severity,
    sequence: String(event.seq).padStart(8, '0'),
    ...(eventVisibility(event) === 'internal' ? { visibility: 'internal' as const } : {}),
  };
}

/**
 * An hour-bank event of a client. Its id is derived from the client and the event's position in the
 * client's hour-bank sequence, so a retried write or publish keeps it. The subject is the client id
 * (not a ticket id), so the event never joins a ticket's ordered lane; a call-off names its ticket in
 * `data.ticketId`.
 */
export function hourBankCloudEvent(clientId: string, event: NumberedHourBankEvent): CloudEvent {
  return {
    specversion: '1.0',
    id: `${clientId}.hour-bank.${event.seq}`,
    source: `/clients/${clientId}/hour-bank`,
    type: event.type,
    subject: clientId,
    time: event.at,
    datacontenttype: 'application/json',
    data: { clientId, actor: event.actor, ...event.data },
    clientid: clientId,
    sequence: String(event.seq).padStart(8, '0'),
  };
}

/**
 * The partition of the desk's own events, which belong to no client: its outbox entries and its chat
 * deliveries are filed under it. `~` is in no client id (clientIdSchema), so it never names a client.
 */
export const deskPartition = '~desk';

/**
 * A mail held in quarantine, as the desk's event: no client, no ticket. Its id is derived from the
 * mail's key, so a retried write or publish keeps it; its subject is the quarantined mail's id, so it
 * stands in a lane of its own (event-lane.ts). `visibility: internal`: never a client's.
 */
export function mailQuarantinedCloudEvent(data: MailQuarantinedData): CloudEvent {
  return {
    specversion: '1.0',
    id: `desk.mail.${data.quarantineId}`,
    source: '/desk/mail/quarantine',
    type: 'mail.quarantined',
    subject: data.quarantineId,
    time: data.receivedAt,
    datacontenttype: 'application/json',
    data: { actor: 'the mail intake', ...data },
    clientid: deskPartition,
    sequence: '00000001',
    visibility: 'internal',
  };
}
