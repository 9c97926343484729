import type { TableEntity, TransactionAction } from '@azure/data-tables';
import { ticketCloudEvent } from '../../domain/events/cloud-event';
import type { Ticket } from '../../domain/tickets/ticket';
import type { TimelineEvent } from '../../domain/tickets/timeline-event';
import { toJsonColumns } from './json-columns';
import { ticketRowKeys as keys } from './ticket-row-keys';

/**
 * The ticket row; shared by every store that writes a ticket in its client's transaction. `position`
 * is where its queue row stands, kept here so the next change knows which row to move.
 */
export function ticketEntity(ticket: Ticket, position: string | undefined): TableEntity {
  return {
    partitionKey: ticket.clientId,
    rowKey: keys.ticket(ticket.number),
    kind: 'ticket',
    status: ticket.status,
    ...(position === undefined ? {} : { queuePosition: position }),
    ...toJsonColumns(ticket),
  };
}

/** The queue index row: small, with what list filters look at (status, assignee, reporter). */
export function queueEntity(ticket: Ticket, position: string): TableEntity {
  return {
    partitionKey: ticket.clientId,
    rowKey: keys.queue(position),
    kind: 'queue',
    number: ticket.number,
    status: ticket.status,
    assignee: ticket.assignee ?? '',
    reporter: ticket.reporter,
  };
}

/**
 * The writes that put the ticket's queue row at `position` in the ticket's transaction: replaced in
 * place, or — when the ticket moved — the old row deleted and the new one written.
 */
export function queueActions(ticket: Ticket, previous: string | undefined, position: string): TransactionAction[] {
  const actions: TransactionAction[] = [];
  if (previous !== undefined && previous !== position) actions.push(['delete', { partitionKey: ticket.clientId, rowKey: keys.queue(previous) }]);
  actions.push(['upsert', queueEntity(ticket, position), 'Replace']);
  return actions;
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
