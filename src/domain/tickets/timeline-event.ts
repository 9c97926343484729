/** One entry of a ticket's timeline; also the payload of the CloudEvent published for it. */
export interface TimelineEvent {
  /** Position on the ticket's timeline, from 1, without gaps. */
  readonly seq: number;
  /** CloudEvents `type`, e.g. `ticket.created`, `sla.breached`. */
  readonly type: string;
  readonly at: string;
  /** Who caused it: a contact's e-mail, a key's name, `admin`, or `system` for SLA clocks. */
  readonly actor: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** An event not yet numbered: the store gives it the next sequence number when it commits. */
export type PendingEvent = Omit<TimelineEvent, 'seq'>;
