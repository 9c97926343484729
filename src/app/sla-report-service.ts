import { currentAgreementVersion, ticketAgreementVersion } from '../domain/agreement/agreement-version';
import type { Client } from '../domain/clients/client';
import type { SlaTerms } from '../domain/sla/sla-schedule';
import { DomainError } from '../domain/domain-error';
import { monthCount, monthEnd, monthStart, type ReportMonth } from '../domain/reports/report-month';
import { buildSlaReport, type ReportTicket, type SlaReport } from '../domain/reports/sla-report';
import type { ClientStore } from '../ports/client-store';
import type { Clock } from '../ports/clock';
import type { HourBankLedger } from '../ports/hour-bank-ledger';
import type { ReportTicketSource } from '../ports/report-ticket-source';
import { canSeeClient, contactRolesAt, isStaff, type Principal } from './principal';

/** The longest report one request may ask for: two years of months. */
export const maxReportMonths = 24;

/**
 * The agreement (with its time zone) a ticket was received under (docs/product-spec.md §4 corrections: agreements are
 * versioned; docs/agreement-versions.md). Returns undefined when the version is unknown, and the report
 * then judges the ticket by the current one.
 */
export type AgreementVersionReader = (client: Client, version: number) => Promise<SlaTerms | undefined>;

/** The reader over the client store's versions (`ClientStore.getAgreementVersion`). */
export const storedAgreementVersions =
  (clients: Pick<ClientStore, 'getAgreementVersion'>): AgreementVersionReader =>
  async (client, version) => {
    const found = await clients.getAgreementVersion(client.id, version);
    return found ? { agreement: found.agreement, timezone: found.timezone } : undefined;
  };

/** SLA compliance reports (docs/product-spec.md §6): for staff and the client's approvers. */
export class SlaReportService {
  constructor(
    private readonly clients: ClientStore,
    private readonly tickets: ReportTicketSource,
    private readonly ledger: HourBankLedger,
    private readonly clock: Clock,
    private readonly agreementVersion: AgreementVersionReader = () => Promise.resolve(undefined),
  ) {}

  async report(principal: Principal, clientId: string, from: ReportMonth, to: ReportMonth): Promise<SlaReport> {
    // Another tenant's client does not exist for the caller; a client key or a requester of this
    // client learns it exists but may not read its reports.
    if (!canSeeClient(principal, clientId)) throw notFound(clientId);
    if (!isStaff(principal) && !contactRolesAt(principal, clientId).includes('approver')) {
      throw new DomainError('forbidden', 'SLA reports are for the support desk and the client’s approvers.');
    }
    const client = await this.clients.getClient(clientId);
    if (!client) throw notFound(clientId);
    checkRange(from, to);
    return this.build(client, from, to);
  }

  /** The report without a caller's rights (the monthly e-mail). */
  async build(client: Client, from: ReportMonth, to: ReportMonth): Promise<SlaReport> {
    const start = monthStart(from, client.timezone);
    const end = monthEnd(to, client.timezone);
    const [tickets, ledger] = await Promise.all([
      this.tickets.receivedBetween(client.id, start, end),
      this.ledger.entries(client.id, { from: new Date(start).toISOString(), to: new Date(end).toISOString() }),
    ]);
    const versions = await this.#versions(client, tickets);
    const termsOf = (ticket: ReportTicket): SlaTerms =>
      versions.get(versionOf(ticket)) ?? { agreement: client.agreement, timezone: client.timezone };
    return buildSlaReport({
      clientId: client.id,
      timezone: client.timezone,
      from,
      to,
      now: this.clock.now().getTime(),
      severityOrder: client.agreement.severities.map((s) => s.id),
      tickets,
      agreementOf: (ticket) => termsOf(ticket).agreement,
      timezoneOf: (ticket) => termsOf(ticket).timezone,
      ledger,
    });
  }

  /** Each agreement version the tickets were received under but the current one, read once. */
  async #versions(client: Client, tickets: readonly ReportTicket[]): Promise<Map<number, SlaTerms>> {
    const current = currentAgreementVersion(client);
    const wanted = new Set(tickets.map(versionOf).filter((v) => v !== current));
    const found = new Map<number, SlaTerms>();
    for (const version of wanted) {
      const terms = await this.agreementVersion(client, version);
      if (terms) found.set(version, terms);
    }
    return found;
  }
}

function checkRange(from: ReportMonth, to: ReportMonth): void {
  const months = monthCount(from, to);
  if (months < 1) throw new DomainError('invalid', `must not be before from (${from})`, 'to');
  if (months > maxReportMonths)
    throw new DomainError(
      'invalid',
      `a report spans at most ${maxReportMonths} months; ${from} to ${to} is ${months}`,
      'to',
    );
}

/** Tickets stored before versions existed are version 1 (docs/agreement-versions.md). */
const versionOf = (ticket: ReportTicket): number => ticketAgreementVersion(ticket);

const notFound = (clientId: string) => new DomainError('not-found', `No client ${clientId}.`);
