import type { TicketStatus } from '../agreement/ticket-status';
import type { ClockName, SlaClockView } from '../sla/ticket-sla';
import type { Ticket, TicketType, Tier } from '../tickets/ticket';

/**
 * THE catalogue of domain events: every event the desk records on a timeline, writes to the outbox and
 * publishes as a CloudEvent (`type` = the key, `data` = the typed data below plus the ticket context of
 * `cloud-event.ts`). The state machine, the alert rules, the SLA keeper and signaller, the outbox, the
 * deliverers and docs/events.md all take their types from here.
 *
 * **Adding an event is one entry below**: `'family.name': event<{ ...its data }>('what happened')`.
 * The type's first segment is its category (`ticket`, `sla`, `alert`, `hourbank`…), which the topic's
 * subscriptions filter on (src/messaging/subscriptions.ts); a new family needs a subscription only if
 * someone must be e-mailed about it. test/domain/events/event-catalogue.test.ts checks that
 * docs/events.md lists every type.
 */
export const eventCatalogue = {
  'ticket.created': event<TicketCreatedData>(
    'A ticket was raised (by a contact, an integration or a monitoring alert).',
  ),
  'ticket.assessed': event<TicketAssessedData>(
    'Staff assessed the ticket: severity, type, tier, estimate; a quote for uncovered work.',
  ),
  'ticket.approved': event<{ mode: 'quote' | 'on-account'; quote?: Ticket['quote']; note?: string }>(
    'An approver accepted uncovered work.',
  ),
  'ticket.declined': event<{ reason?: string }>('An approver declined uncovered work; the ticket is closed.'),
  'ticket.waiting': event<{ on: 'client' | 'vendor'; note?: string; vendorReference?: string }>(
    'The ticket waits on the client or a vendor.',
  ),
  'ticket.resumed': event<{ from: TicketStatus; note?: string }>('Work resumed after waiting.'),
  'ticket.escalated': event<{ from: Tier; to: Tier; handoverNote: string }>(
    'The ticket moved to a higher support tier.',
  ),
  'ticket.resolved': event<TicketResolvedData>(
    'Staff resolved the ticket (or its alert cleared and the agreement resolves it automatically).',
  ),
  'ticket.closed': event<{ confirmedBy?: string; note?: string; reason?: string }>(
    'The ticket was closed: confirmed by the client or closed by staff.',
  ),
  'ticket.reopened': event<{ reason: string }>('The client rejected the resolution; work resumes.'),
  'ticket.attachment-added': event<{
    attachmentId: string;
    fileName: string;
    contentType: string;
    size: number;
    internal?: true;
  }>('A file was attached and its bytes checked (`internal`: for the support team only).'),
  'ticket.commented': event<{
    text: string;
    internal?: true;
    channel?: 'email';
    messageId?: string;
    quotedFrom?: number;
    muted?: true;
  }>(
    'Someone commented (`internal`: a note for the support team only; `channel: "email"`: a reply by mail, `muted` past the loop guard: nobody is mailed).',
  ),
  'ticket.follow-up-recorded': event<{ task: string }>('A maintenance task was recorded on a closed ticket.'),
  'ticket.time-logged': event<TimeLoggedData>('Staff booked time on the ticket (against the hour bank or its quote).'),
  'ticket.assigned': event<{ assignee: string; previousAssignee?: string }>(
    'A lead assigned the ticket to an engineer, or an engineer took it.',
  ),
  'ticket.diagnosed': event<{ cause: string; workaround?: string; estimateHours?: number }>(
    'Staff recorded a diagnosis the client can read.',
  ),
  'ticket.schedule-proposed': event<{ items: readonly ScheduleItem[] }>(
    'Staff proposed dates for hot fixes and builds.',
  ),
  'ticket.schedule-accepted': event<{ items: readonly ScheduleItem[]; remark?: string }>(
    'An approver accepted the proposed schedule.',
  ),
  'ticket.schedule-queried': event<{ items: readonly ScheduleItem[]; remark?: string }>(
    'An approver queried the proposed schedule.',
  ),
  'sla.warning': event<{ clock: ClockName; fraction: number; dueAt?: string }>(
    'A clock passed one of its warning fractions.',
  ),
  'sla.breached': event<{ clock: ClockName; dueAt?: string }>('A clock passed its target.'),
  'sla.met': event<{ clock: ClockName }>('A clock stopped within its target.'),
  'alert.repeated': event<AlertEventData & { occurrence: number }>(
    'The monitoring alert of an open ticket fired again.',
  ),
  'alert.acknowledged': event<AlertEventData>('The monitoring system acknowledged the alert.'),
  'alert.resolved': event<AlertEventData>('The monitoring system says the alert cleared.'),
  'mail.bounced': event<{ messageId: string; from?: string; subject: string }>(
    'A mail the desk sent about the ticket bounced (staff only; it notifies nobody).',
  ),
  'mail.quarantined': event<MailQuarantinedData>(
    "A mail was held in quarantine (no client: it goes to the desk's chat channel only, never to a client).",
  ),
  'hourbank.purchased': event<HourBankEventBase & { hours: number; reference: string }>(
    "Hours were bought into the client's hour bank.",
  ),
  'hourbank.called-off': event<
    HourBankEventBase & { hours: number; ticketId: string; timeEntry: number; workedOn: string }
  >("Time booked on a ticket was called off the client's hour bank."),
  'hourbank.adjusted': event<HourBankEventBase & { hours: number; reason: string }>(
    "Staff adjusted the client's hour bank (a correction, with its reason).",
  ),
  'hourbank.low-balance': event<HourBankEventBase & { lowBalanceHours: number }>(
    "The client's hour bank fell below the agreement's warning level (once per crossing).",
  ),
  'hourbank.exhausted': event<HourBankEventBase & { overdraftHours: number }>(
    "The client's hour bank reached zero or less (once per reaching it).",
  ),
} as const;

export type DomainEventType = keyof typeof eventCatalogue;

/** The data of one event type. */
export type EventData<T extends DomainEventType> =
  (typeof eventCatalogue)[T] extends EventDefinition<infer D> ? D : never;

/** One event as the domain produces it: a discriminated union on `type`, each with its own data. */
export type DomainEvent = {
  [T in DomainEventType]: { readonly type: T; readonly data: Readonly<EventData<T>> };
}[DomainEventType];

/** Every type, in catalogue order. */
export const domainEventTypes = Object.keys(eventCatalogue) as DomainEventType[];

/** The hour-bank family, in catalogue order. */
export type HourBankEvent = Extract<DomainEvent, { type: `hourbank.${string}` }>;
export const hourBankEventTypes = [
  'hourbank.purchased',
  'hourbank.called-off',
  'hourbank.adjusted',
  'hourbank.low-balance',
  'hourbank.exhausted',
] as const satisfies readonly HourBankEvent['type'][];

/** Time booked on a ticket. */
export type TimeLoggedEvent = Extract<DomainEvent, { type: 'ticket.time-logged' }>;

export const isDomainEventType = (type: string): type is DomainEventType => Object.hasOwn(eventCatalogue, type);

/** Builds one event with its data checked against the catalogue. */
export function domainEvent<T extends DomainEventType>(type: T, data: EventData<T>): Extract<DomainEvent, { type: T }> {
  return { type, data } as unknown as Extract<DomainEvent, { type: T }>;
}

// ---- data shared by several events ----

/** A mail held back by the intake: who sent it and why, never its body (docs/mail-in.md). */
export interface MailQuarantinedData {
  /** The quarantined mail's id (`GET /api/mail/quarantine`): sha256 of its Message-ID. */
  quarantineId: string;
  /** unknown-sender, inactive-contact, ambiguous-client, unreadable, too-large. */
  reason: string;
  from?: string;
  fromName?: string;
  subject: string;
  receivedAt: string;
}

/** One dated item of a proposed schedule. */
export interface ScheduleItem {
  readonly what: string;
  readonly by: string;
}

export interface TicketCreatedData {
  severity: string;
  type: TicketType;
  reporter: string;
  title: string;
  /** How it reached the desk (portal, api, alert, or phone/email/in-person when staff raised it). */
  channel?: string;
  /** When it was received: for a ticket raised after a call, the call's time. */
  receivedAt?: string;
  /** Raised from a mail: its Message-ID, so the desk's first mail about it answers that mail. */
  messageId?: string;
  /** Both clocks as evaluated at receipt. */
  sla: { readonly assess: SlaClockView; readonly resolve: SlaClockView };
  /**
   * When the ticket's first SLA warning or breach falls due (the earliest of either clock; in the past
   * for a ticket dated back); absent when none can fire. The SLA orchestration sleeps until then
   * without reading the ticket first (docs/sla-orchestration-start.md).
   */
  slaNextAt?: string;
  /** Set when a monitoring alert raised the ticket. */
  origin?: Ticket['origin'];
  /** Set when a maintenance schedule raised the ticket: the occurrence and its checklist. */
  maintenance?: Ticket['maintenance'];
  alert?: AlertEventData & { severityMapped: boolean };
  /** The alert's earlier ticket, finished, that this one follows. */
  previousTicketId?: string;
}

export interface TicketAssessedData {
  status: TicketStatus;
  severity: string;
  previousSeverity: string;
  type: TicketType;
  tier: Tier;
  by: string;
  at: string;
  estimateHours?: number;
  timeframe?: string;
  note?: string;
  quote?: Ticket['quote'];
}

export interface TicketResolvedData {
  cause: string;
  workaround?: string;
  fix?: string;
  hotfixReference?: string;
  /** True when the alert cleared and the agreement resolves such tickets by themselves. */
  automatic?: boolean;
}

/** What a monitoring system said, as kept on the timeline (`src/alerts/alert-events.ts`). */
export interface AlertEventData {
  source: string;
  dedupKey: string;
  derivedKey?: true;
  alertSeverity?: string;
  alertAt?: string;
  payload: Readonly<Record<string, unknown>>;
}

/** Data every hour-bank event carries: the ledger entry that caused it and the balance after it. Hour-bank events concern a client, not one ticket. */
export interface HourBankEventBase {
  /** The ledger entry's sequence number in the client's ledger. */
  entry: number;
  balanceHours: number;
  /** One line saying what happened (e-mail subjects use it). */
  title: string;
}

/** Time booked on a ticket: on the ticket's timeline. */
export interface TimeLoggedData {
  timeEntry: number;
  hours: number;
  billing: 'hour-bank' | 'quote';
  workedOn: string;
  note: string;
  hoursBooked: number;
}

/** An entry's data type travels as a phantom: only the summary exists at run time. */
export interface EventDefinition<D> {
  readonly summary: string;
  readonly __data?: D;
}

function event<D>(summary: string): EventDefinition<D> {
  return { summary };
}
