import type { DomainEvent } from '../events/event-catalogue';

/** When and by whom an event happened; together with the event, one entry of a ticket's timeline. */
export interface EventCircumstances {
  readonly at: string;
  /** Who caused it: a contact's e-mail, a key's name, `admin`, or `system` for SLA clocks. */
  readonly actor: string;
}

/** An event not yet numbered: the store gives it the next sequence number when it commits. */
export type PendingEvent = DomainEvent & EventCircumstances;

/**
 * One entry of a ticket's timeline; also the payload of the CloudEvent published for it. `type` and
 * `data` come from the one catalogue (`src/domain/events/event-catalogue.ts`).
 */
export type TimelineEvent = PendingEvent & {
  /** Position on the ticket's timeline, from 1, without gaps. */
  readonly seq: number;
};
