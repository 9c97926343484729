import type { TableEntity, TransactionAction } from '@azure/data-tables';
import { ticketCloudEvent, type CloudEvent, type TicketEventContext } from '../../domain/events/cloud-event';
import type { Ticket } from '../../domain/tickets/ticket';
import type { TimelineEvent } from '../../domain/tickets/timeline-event';
import { fromJsonColumns, toJsonColumns } from './json-columns';
import { readTextColumns, textColumns } from './long-text-columns';
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

/**
 * The queue index row: what list filters look at (status, assignee, reporter), and a copy of the ticket
 * as committed in the same transaction, so a page of the queue is one range read with no point read per
 * ticket (whose cost, on Azurite, grows with the partition).
 */
export function queueEntity(ticket: Ticket, position: string): TableEntity {
  return {
    partitionKey: ticket.clientId,
    rowKey: keys.queue(position),
    kind: 'queue',
    number: ticket.number,
    status: ticket.status,
    assignee: ticket.assignee ?? '',
    reporter: ticket.reporter,
    ...toJsonColumns(ticket),
  };
}

/**
 * The writes that put the ticket's queue row at `position` in the ticket's transaction: replaced in
 * place, or — when the ticket moved — the old row deleted and the new one written.
 */
export function queueActions(ticket: Ticket, previous: string | undefined, position: string): TransactionAction[] {
  const actions: TransactionAction[] = [];
  if (previous !== undefined && previous !== position)
    actions.push(['delete', { partitionKey: ticket.clientId, rowKey: keys.queue(previous) }]);
  actions.push(['upsert', queueEntity(ticket, position), 'Replace']);
  return actions;
}

/**
 * A ticket's new timeline events, each written once: as an outbox row (`o|{number}|{seq}`) carrying the
 * event and what its CloudEvent needs of the ticket as it stood. The relay publishes it and then moves
 * it to the timeline (`t|{number}|e|{seq}`) in one transaction (`TableOutbox.remove`); timeline reads
 * take both places, the outbox first, so an event being moved is never missed. A create used to write
 * the timeline row and an outbox twin holding the whole CloudEvent: one more row and the event's text
 * twice, per event, in the request's transaction (docs/performance.md, "Wave 9").
 */
export function timelineActions(ticket: Ticket, events: readonly TimelineEvent[]): TransactionAction[] {
  const context = JSON.stringify({
    clientId: ticket.clientId,
    ticketId: ticket.id,
    severity: ticket.severity,
    title: ticket.title,
    status: ticket.status,
  } satisfies TicketEventContext);
  // In text columns of their own: a long title does not fit one property.
  const contextColumns = textColumns('context', context, 15);
  return events.map((event): TransactionAction => [
    'create',
    {
      partitionKey: ticket.clientId,
      rowKey: keys.outbox(ticket.number, event.seq),
      kind: 'outbox',
      eventType: event.type,
      ...contextColumns,
      ...toJsonColumns(event),
    },
  ]);
}

/** The timeline row of an event, once it has left the outbox. */
export function timelineEntity(clientId: string, number: number, event: TimelineEvent): TableEntity {
  return { partitionKey: clientId, rowKey: keys.event(number, event.seq), kind: 'event', ...toJsonColumns(event) };
}

/**
 * The timeline event of an outbox row written by `timelineActions`, and its CloudEvent; undefined for
 * a row that holds only a CloudEvent (hour-bank events, and ticket events written before 2026-12-03,
 * whose timeline row was written with them).
 */
export function pendingTimelineEvent(
  entity: Readonly<Record<string, unknown>>,
): { event: TimelineEvent; cloudEvent: CloudEvent } | undefined {
  const context = readTextColumns(entity, 'context');
  if (context === undefined) return undefined;
  const event = fromJsonColumns<TimelineEvent>(entity);
  return { event, cloudEvent: ticketCloudEvent(JSON.parse(context) as TicketEventContext, event) };
}
