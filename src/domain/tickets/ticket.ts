import type { TicketStatus } from '../agreement/agreement';
import { DomainError } from '../domain-error';
import type { ClockRecord } from '../sla/ticket-sla';
import type { Attachment } from './attachment';

/** The types people choose when raising or assessing a ticket. */
export const ticketTypes = ['defect', 'question', 'enhancement'] as const;
/** Every type a ticket may have: `maintenance` tickets are raised by schedules (docs/product-spec.md §10), never chosen. */
export const allTicketTypes = [...ticketTypes, 'maintenance'] as const;
export type TicketType = (typeof allTicketTypes)[number];
export type ChosenTicketType = (typeof ticketTypes)[number];

/** Support tiers in escalation order: a ticket only ever moves to a later one. */
export const tiers = ['L1', 'L2', 'L3', 'vendor'] as const;
export type Tier = (typeof tiers)[number];

/**
 * How a ticket reached the desk. Staff raising a ticket on a contact's behalf say which of `phone`,
 * `email`, `in-person`; the others are set by the system: `portal` (a contact's session), `api` (a key
 * or the admin key), `alert` (monitoring).
 */
export const staffChannels = ['phone', 'email', 'in-person'] as const;
export const ticketChannels = ['portal', 'api', 'alert', 'schedule', 'release', ...staffChannels] as const;
export type TicketChannel = (typeof ticketChannels)[number];

export interface Actor {
  /** `staff` is the support desk (a member of staff or the admin key); `contact` a registered client contact; `integration` a client API key. */
  readonly kind: 'staff' | 'contact' | 'integration';
  /** E-mail of a person, name of a key, or `admin`. */
  readonly id: string;
}

/** The cause found so far, shared with the client (the OnCleverSoft "diagnosis" update). */
export interface Diagnosis {
  readonly cause: string;
  readonly workaround?: string;
  readonly estimateHours?: number;
  readonly by: string;
  readonly at: string;
}

export interface ScheduleItem {
  /** What will be delivered: a hot fix, a build, a release. */
  readonly what: string;
  /** By when (a date, or a date and time). */
  readonly by: string;
}

/** Dates staff propose for fixes and builds, and the client's answer to them. */
export interface Schedule {
  readonly items: readonly ScheduleItem[];
  readonly status: 'proposed' | 'accepted' | 'queried';
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly answeredBy?: string;
  readonly answeredAt?: string;
  readonly remark?: string;
}

export interface Assessment {
  readonly by: string;
  readonly at: string;
  readonly estimateHours?: number;
  readonly timeframe?: string;
  readonly note?: string;
}

export interface Approval {
  readonly decision: 'quote' | 'on-account' | 'declined';
  readonly by: string;
  readonly at: string;
  readonly note?: string;
}

export interface Resolution {
  readonly cause: string;
  readonly workaround?: string;
  readonly fix?: string;
  readonly hotfixReference?: string;
  readonly by: string;
  readonly at: string;
}

export interface FollowUp {
  readonly task: string;
  readonly by: string;
  readonly at: string;
}

/** A checklist line's answer on a maintenance ticket (`check`). */
export const checkResults = ['pass', 'fail', 'n/a'] as const;
export type CheckResult = (typeof checkResults)[number];

/** The latest answer to one checklist line. */
export interface ChecklistAnswer {
  /** The line, counting from 0 in `maintenance.checklist`. */
  readonly line: number;
  readonly result: CheckResult;
  readonly note?: string;
  readonly by: string;
  readonly at: string;
  /** The maintenance item the `fail` became (`ck-{ticket}-{line + 1}`), when asked for. */
  readonly itemId?: string;
}

/** The item a failed checklist line becomes: derived, so the topic delivering twice makes one item. */
export const checkItemId = (ticketId: string, line: number): string => `ck-${ticketId.toLowerCase()}-${line + 1}`;

/** What a maintenance schedule's ticket carries: the occurrence it was raised for and its checklist. */
export interface MaintenanceOccurrence {
  readonly scheduleId: string;
  /** The occurrence's local date: one ticket per schedule and date. */
  readonly occurrence: string;
  /** When the occurrence falls due (an ISO instant). */
  readonly dueAt: string;
  readonly checklist: readonly string[];
}

export interface Ticket {
  readonly id: string;
  readonly number: number;
  readonly clientId: string;
  readonly title: string;
  readonly description: string;
  readonly severity: string;
  readonly type: TicketType;
  readonly status: TicketStatus;
  readonly tier: Tier;
  readonly reporter: string;
  readonly receivedAt: string;
  readonly clocks: { readonly assess: ClockRecord; readonly resolve: ClockRecord };
  readonly assessment?: Assessment;
  readonly quote?: { readonly hours: number; readonly note?: string };
  readonly approval?: Approval;
  readonly vendorReference?: string;
  readonly resolution?: Resolution;
  readonly followUps: readonly FollowUp[];
  /** How the ticket came in (absent on tickets raised before channels were recorded). */
  readonly channel?: TicketChannel;
  /** The engineer working the ticket (an e-mail of active staff). */
  readonly assignee?: string;
  readonly diagnosis?: Diagnosis;
  readonly schedule?: Schedule;
  /** Keys of SLA events already on the timeline (`assess:warning:0.75`, `resolve:met`…): each is recorded once. */
  readonly slaRecorded: readonly string[];
  /** Sequence number of the ticket's latest timeline event. */
  readonly eventCount: number;
  /** Hours booked on the ticket by time entries (bank and quote alike); absent until the first. */
  readonly hoursBooked?: number;
  /** Number of time entries on the ticket; the next one is `timeEntryCount + 1`. */
  readonly timeEntryCount?: number;
  readonly updatedAt: string;
  /** What raised the ticket when it was not a person (monitoring alerts). */
  readonly origin?: {
    readonly kind: 'alert';
    readonly source: string;
    readonly dedupKey: string;
    readonly occurrences: number;
  };
  /**
   * The client's agreement version the ticket was received under: its SLA is judged by that version
   * for good. Absent on tickets stored before versions existed, which are version 1.
   */
  readonly agreementVersion?: number;
  /** Files on the ticket (docs/product-spec.md §9), uploads under way included; absent until the first. */
  readonly attachments?: readonly Attachment[];
  /** Set on tickets a maintenance schedule raised (type `maintenance`, channel `schedule`). */
  readonly maintenance?: MaintenanceOccurrence;
  /** Answers to the maintenance checklist, one per line answered (the latest), by line; absent until the first. */
  readonly checks?: readonly ChecklistAnswer[];
}

export interface NewTicketInput {
  readonly clientId: string;
  readonly ticketPrefix: string;
  readonly number: number;
  readonly title: string;
  readonly description: string;
  readonly severity: string;
  readonly type: TicketType;
  readonly reporter: string;
  readonly receivedAt: string;
  readonly channel?: TicketChannel;
  readonly origin?: Ticket['origin'];
  readonly agreementVersion?: number;
  readonly maintenance?: MaintenanceOccurrence;
}

/** A ticket's id: the client's ticket prefix and the ticket's number, `ACME-12`. */
export const ticketId = (prefix: string, number: number): string => `${prefix}-${number}`;

const ticketIdPattern = /^([A-Z][A-Z0-9]{1,11})-([1-9][0-9]{0,9})$/;

/** The prefix and number of a ticket id; `undefined` for anything `ticketId` could not have built. */
export function parseTicketId(id: string): { readonly prefix: string; readonly number: number } | undefined {
  const match = ticketIdPattern.exec(id);
  return match ? { prefix: match[1] ?? '', number: Number(match[2]) } : undefined;
}

/** Closed is the only final state; a resolved ticket may still be reopened by its client. */
export const isClosed = (status: TicketStatus): boolean => status === 'closed';

/**
 * Resolved or closed: nothing is left for the desk to do. A monitoring alert that fires again opens a
 * new ticket rather than repeating on a finished one.
 */
export const isFinished = (status: TicketStatus): boolean => status === 'resolved' || status === 'closed';

/**
 * A ticket is stored as one entity, its JSON split over at most 15 properties of 30,000 characters
 * (`src/adapters/tables/json-columns.ts`); follow-ups are the only part that grows without bound.
 */
export const maxTicketJsonChars = 440_000;

/** Refuses the change that would make a ticket too large to store, rather than failing in storage. */
export function assertTicketStorable(ticket: Ticket): void {
  if (JSON.stringify(ticket).length > maxTicketJsonChars) {
    throw new DomainError(
      'unprocessable',
      `Ticket ${ticket.id} has reached the most it can hold; record further notes as comments.`,
    );
  }
}

export function newTicket(input: NewTicketInput): Ticket {
  const clock: ClockRecord = { startedAt: input.receivedAt, pauses: [] };
  return {
    id: ticketId(input.ticketPrefix, input.number),
    number: input.number,
    clientId: input.clientId,
    title: input.title,
    description: input.description,
    severity: input.severity,
    type: input.type,
    status: 'new',
    tier: 'L1',
    reporter: input.reporter,
    receivedAt: input.receivedAt,
    clocks: { assess: clock, resolve: clock },
    followUps: [],
    ...(input.channel ? { channel: input.channel } : {}),
    slaRecorded: [],
    eventCount: 0,
    updatedAt: input.receivedAt,
    ...(input.origin ? { origin: input.origin } : {}),
    ...(input.agreementVersion !== undefined ? { agreementVersion: input.agreementVersion } : {}),
    ...(input.maintenance ? { maintenance: input.maintenance } : {}),
  };
}
