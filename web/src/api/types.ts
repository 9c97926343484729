import type { operations } from './schema';

/**
 * Names for the API's shapes the pages use, each taken from `schema.d.ts` (generated from the
 * server's OpenAPI document): nothing here is written by hand, so a server change reaches the pages'
 * typecheck. Lint keeps API types from being declared anywhere else in `web/`.
 */
type Json<R> = R extends { readonly content: { readonly 'application/json': infer T } } ? T : never;
/** The JSON body an operation answers with `status`. */
export type ResponseOf<Op extends keyof operations, Status extends keyof operations[Op]['responses']> = Json<
  operations[Op]['responses'][Status]
>;
/** The JSON body an operation takes. */
export type RequestOf<Op extends keyof operations> = Json<NonNullable<operations[Op]['requestBody']>>;

export type Ticket = ResponseOf<'get-ticket', 200>;
export type TicketStatus = Ticket['status'];
export type TicketActionName = Ticket['allowedActions'][number];
export type TicketAction = RequestOf<'act-on-ticket'>;
export type Clock = Ticket['sla']['assess'];
export type ClockStatus = Clock['status'];
export type TicketPage = ResponseOf<'list-tickets', 200>;
export type TimelineEvent = ResponseOf<'get-ticket-timeline', 200>['items'][number];
export type NewTicket = RequestOf<'create-ticket'>;
/** What the form and the ticket page need to know of a client (`…/severities`). */
export type ClientForm = ResponseOf<'get-client-severities', 200>;
export type Client = ResponseOf<'get-client', 200>;
export type Agreement = Client['agreement'];
export type Contact = ResponseOf<'list-contacts', 200>['items'][number];
export type ApiKey = ResponseOf<'list-api-keys', 200>['items'][number];
export type CreatedApiKey = ResponseOf<'create-api-key', 201>;
export type HourBank = ResponseOf<'get-hour-bank', 200>;
export type HourBankEntry = HourBank['entries'][number];
export type StaffMember = ResponseOf<'list-staff', 200>['items'][number];
export type Session = ResponseOf<'get-current-session', 200>;
export type StaffRole = Session['staffRoles'][number];
export type ContactRole = Session['contacts'][number]['roles'][number];
export type SignInOptions = ResponseOf<'get-sign-in-options', 200>;
export type SlaReport = ResponseOf<'get-sla-report', 200>;
export type ClockFigures = SlaReport['months'][number]['severities'][number]['assess'];
export type Attachment = ResponseOf<'list-attachments', 200>['items'][number];
export type QuarantinedMail = ResponseOf<'list-quarantined-mail', 200>['items'][number];
export type AcceptQuarantinedMail = RequestOf<'accept-quarantined-mail'>;
