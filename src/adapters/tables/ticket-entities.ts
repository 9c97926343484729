import type { TableEntity, TransactionAction } from '@azure/data-tables';
import { ticketCloudEvent } from '../../domain/events/cloud-event';
import type { Ticket } from '../../domain/tickets/ticket';
import type { TimelineEvent } from '../../domain/tickets/timeline-event';
import { toJsonColumns } from './json-columns';
import { ticketRowKeys as keys } from './ticket-row-keys';

/** The ticket row; shared by every store that writes a ticket in its client's transaction. */
export function ticketEntity(ticket: Ticket): TableEntity {
  return {
    partitionKey: ticket.clientId,
    rowKey: keys.ticket(ticket.number),
    kind: 'ticket',
    status: ticket.status,
    ...toJsonColumns(ticket),
  };
}

/** Timeline rows and their outbox twins; the relay publishes and then deletes the outbox rows. */
export function timelineActions(ticket: Ticket, events: readonly TimelineEvent[]): TransactionAction[] {
  const context = { clientId: ticket.clientId, ticketId: ticket.id, severity: ticket.severity, title: ticket.title, status: ticket.status };
  return events.flatMap((event): TransactionAction[] => [
    ['create', { partitionKey: ticket.clientId, rowKey: keys.event(ticket.number, event.seq), kind: 'event', ...toJsonColumns(event) }],
    [
      'create',
      {
        partitionKey: ticket.clientId,
        rowKey: keys.outbox(ticket.number, event.seq),
        kind: 'outbox',
        eventType: event.type,
        ...toJsonColumns(ticketCloudEvent(context, event)),
      },
    ],
  ]);
}
