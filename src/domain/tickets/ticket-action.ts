import type { CheckResult, ChosenTicketType, Tier } from './ticket';

/**
 * The actions a ticket can be given, discriminated by `action`: the commands the state machine applies.
 * Their request body (`POST /api/tickets/{id}/actions`, with caps and descriptions) is validated at the
 * edge by `ticketActionSchema` in `src/http/operations/ticket-action-schemas.ts`, whose output is
 * checked against this type. `by` names the client contact acting, when a client key acts for one.
 */
export type TicketAction =
  | {
      action: 'assess';
      severity?: string | undefined;
      type?: ChosenTicketType | undefined;
      tier: Tier;
      estimateHours?: number | undefined;
      timeframe?: string | undefined;
      quote?: { hours: number; note?: string | undefined } | undefined;
      note?: string | undefined;
    }
  | { action: 'approve'; mode: 'quote' | 'on-account'; by?: string | undefined; note?: string | undefined }
  | { action: 'decline'; by?: string | undefined; reason?: string | undefined }
  | { action: 'wait-client'; note: string }
  | { action: 'wait-vendor'; vendorReference: string; note?: string | undefined }
  | { action: 'resume'; note?: string | undefined }
  | { action: 'escalate'; tier: Tier; handoverNote: string }
  | {
      action: 'resolve';
      cause: string;
      workaround?: string | undefined;
      fix?: string | undefined;
      hotfixReference?: string | undefined;
    }
  | { action: 'confirm'; by?: string | undefined; note?: string | undefined }
  | { action: 'reject'; by?: string | undefined; reason: string }
  | { action: 'close'; reason: string }
  | {
      action: 'comment';
      by?: string | undefined;
      text: string;
      internal?: boolean | undefined;
      /** Set by the mail intake only (the API's schema has no such fields): a reply taken from the mailbox. */
      mail?: { readonly messageId: string; readonly muted: boolean; readonly quotedFrom?: number } | undefined;
    }
  | { action: 'follow-up'; task: string }
  | { action: 'check'; results: CheckAnswer[] }
  | { action: 'assign'; to: string }
  | { action: 'diagnose'; cause: string; workaround?: string | undefined; estimateHours?: number | undefined }
  | { action: 'propose-schedule'; items: { what: string; by: string }[] }
  | { action: 'accept-schedule'; by?: string | undefined; note?: string | undefined }
  | { action: 'query-schedule'; by?: string | undefined; remark: string };

export type TicketActionName = TicketAction['action'];

/** One checklist line answered by a `check` (`line` counts from 0 in the ticket's checklist). */
export interface CheckAnswer {
  line: number;
  result: CheckResult;
  note?: string | undefined;
  /** A `fail` only: also add it to the client's maintenance backlog as an item. */
  makeItem?: boolean | undefined;
}
