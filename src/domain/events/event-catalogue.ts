/**
 * The typed catalogue of domain events: a discriminated union of `{ type, data }`, each event's data
 * typed. Every event a producer writes to the outbox is one of these.
 */

/** Data every hour-bank event carries: the ledger entry that caused it and the balance after it. */
interface HourBankEventBase {
  /** The ledger entry's sequence number in the client's ledger. */
  readonly entry: number;
  readonly balanceHours: number;
  /** One line saying what happened (e-mail subjects use it). */
  readonly title: string;
}

export type HourBankEvent =
  | { readonly type: 'hourbank.purchased'; readonly data: HourBankEventBase & { readonly hours: number; readonly reference: string } }
  | {
      readonly type: 'hourbank.called-off';
      readonly data: HourBankEventBase & { readonly hours: number; readonly ticketId: string; readonly timeEntry: number; readonly workedOn: string };
    }
  | { readonly type: 'hourbank.adjusted'; readonly data: HourBankEventBase & { readonly hours: number; readonly reason: string } }
  /** Once per crossing below the agreement's `lowBalanceHours`. */
  | { readonly type: 'hourbank.low-balance'; readonly data: HourBankEventBase & { readonly lowBalanceHours: number } }
  /** Once per reaching zero or less. */
  | { readonly type: 'hourbank.exhausted'; readonly data: HourBankEventBase & { readonly overdraftHours: number } };

/** Time booked on a ticket: on the ticket's timeline. */
export interface TimeLoggedEvent {
  readonly type: 'ticket.time-logged';
  readonly data: {
    readonly timeEntry: number;
    readonly hours: number;
    readonly billing: 'hour-bank' | 'quote';
    readonly workedOn: string;
    readonly note: string;
    readonly hoursBooked: number;
  };
}

export type DomainEvent = HourBankEvent | TimeLoggedEvent;
export type DomainEventType = DomainEvent['type'];

export const hourBankEventTypes = ['hourbank.purchased', 'hourbank.called-off', 'hourbank.adjusted', 'hourbank.low-balance', 'hourbank.exhausted'] as const satisfies readonly HourBankEvent['type'][];
