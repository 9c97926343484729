import { createHash } from 'node:crypto';
import type { CloudEvent } from '../domain/events/cloud-event';
import { parseTicketId } from '../domain/tickets/ticket';

/**
 * Where an event stands in the order its receivers must see: a ticket's events form one lane, ordered
 * by their timeline position (the CloudEvent `sequence`), which has no gaps. An event that belongs to no
 * ticket timeline stands alone in a lane of its own.
 *
 * Keys hold only `A-Z a-z 0-9 -`, so they can go into table row keys and URL paths unescaped.
 */
export interface EventLane {
  readonly key: string;
  readonly position: number;
  readonly ordered: boolean;
}

export function eventLane(event: Pick<CloudEvent, 'id' | 'subject' | 'sequence'>): EventLane {
  const position = /^[0-9]{1,10}$/.test(event.sequence) ? Number(event.sequence) : 0;
  if (position >= 1 && parseTicketId(event.subject)) {
    return { key: event.subject, position, ordered: true };
  }
  return { key: `e-${createHash('sha256').update(event.id).digest('hex').slice(0, 24)}`, position: 1, ordered: false };
}
