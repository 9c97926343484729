import { reportMonthDue } from '../domain/reports/report-month';
import { slaReportEmail, type HealthCheckSummary } from '../messaging/sla-report-email';
import type { ClientStore } from '../ports/client-store';
import type { Clock } from '../ports/clock';
import type { EmailReceiptStore } from '../ports/email-receipt-store';
import type { EmailSender } from '../ports/email-sender';
import type { SlaReportService } from './sla-report-service';
import type { TicketStore } from '../ports/ticket-store';
import type { Ticket } from '../domain/tickets/ticket';
import { monthEnd, monthStart } from '../domain/reports/report-month';

/** One health check done in the month, as the report lists it. */
export type HealthCheckLine = HealthCheckSummary;

/**
 * The maintenance tickets a schedule raised that were completed in the month (client's timezone): their
 * checklist counts, the latest answer per line. Reads the client's resolved and closed tickets.
 */
export async function healthChecksDone(
  tickets: Pick<TicketStore, 'list'>,
  clientId: string,
  timezone: string,
  month: string,
): Promise<HealthCheckLine[]> {
  const from = monthStart(month, timezone);
  const to = monthEnd(month, timezone);
  const done = [
    ...(await tickets.list({ clientId, status: 'resolved' })),
    ...(await tickets.list({ clientId, status: 'closed' })),
  ];
  return done
    .filter((t): t is Ticket & { maintenance: NonNullable<Ticket['maintenance']> } => t.maintenance !== undefined)
    .map((t) => ({ ticket: t, completedAt: t.resolution?.at ?? t.updatedAt }))
    .filter(({ completedAt }) => Date.parse(completedAt) >= from && Date.parse(completedAt) < to)
    .sort((a, b) => (a.completedAt < b.completedAt ? -1 : a.completedAt > b.completedAt ? 1 : 0))
    .map(({ ticket, completedAt }) => {
      const checks = ticket.checks ?? [];
      const count = (result: string) => checks.filter((c) => c.result === result).length;
      return {
        ticketId: ticket.id,
        title: ticket.title,
        completedAt,
        passed: count('pass'),
        failed: count('fail'),
        notApplicable: count('n/a'),
        unanswered: Math.max(0, ticket.maintenance.checklist.length - checks.length),
      };
    });
}

export interface MonthlyReportRun {
  /** `clientId/month → recipient` mailed by this run. */
  readonly sent: readonly string[];
  /** Already mailed by an earlier run (the timer fired twice, or a retry). */
  readonly alreadySent: readonly string[];
  /** Could not be mailed now; the next run tries again. */
  readonly failed: readonly string[];
}

/**
 * On the first of the month (the client's date), each client's active approvers get the previous
 * month's report (docs/product-spec.md §6). The timer runs hourly on the 1st and 2nd (UTC) so that every time zone's
 * 1st is met and a failed send is tried again an hour later. Each message is sent at most once: a
 * receipt (`sla-report|{client}|{month}`, recipient) is claimed with a conditional insert before
 * sending and confirmed after, exactly like event e-mails, so a timer that fires twice, or a run
 * retried after a crash, mails nobody twice.
 */
export class MonthlySlaReportMailer {
  constructor(
    private readonly clients: ClientStore,
    private readonly reports: SlaReportService,
    private readonly receipts: EmailReceiptStore,
    private readonly sender: EmailSender,
    private readonly clock: Clock,
    /** The month's completed health checks (maintenance tickets a schedule raised); none listed without it. */
    private readonly tickets?: Pick<TicketStore, 'list'>,
  ) {}

  async run(now: Date = this.clock.now()): Promise<MonthlyReportRun> {
    const sent: string[] = [];
    const alreadySent: string[] = [];
    const failed: string[] = [];
    for (const clientId of await this.clients.listClientIds()) {
      try {
        const client = await this.clients.getClient(clientId);
        if (!client) continue;
        const month = reportMonthDue(now.getTime(), client.timezone);
        if (month === undefined) continue;
        const approvers = (await this.clients.listContacts(clientId)).filter(
          (c) => c.active && c.roles.includes('approver'),
        );
        if (approvers.length === 0) continue;
        const receipt = `sla-report|${clientId}|${month}`;
        const checks = this.tickets ? await healthChecksDone(this.tickets, client.id, client.timezone, month) : [];
        const content = slaReportEmail(
          client.name,
          await this.reports.build(client, month, month),
          checks,
          client.timezone,
        );
        for (const approver of approvers) {
          const label = `${clientId}/${month} → ${approver.email}`;
          const claim = await this.receipts.claim(receipt, approver.email);
          if (claim === 'already-sent') {
            alreadySent.push(label);
            continue;
          }
          if (claim === 'in-progress') {
            failed.push(`${label}: another run is sending it`);
            continue;
          }
          try {
            await this.sender.send({
              to: approver.email,
              subject: content.subject,
              text: content.text,
              idempotencyKey: `${receipt}|${approver.email}`,
            });
          } catch (error) {
            await this.receipts.release(receipt, approver.email);
            failed.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
            continue;
          }
          await this.receipts.markSent(receipt, approver.email, this.clock.now());
          sent.push(label);
        }
      } catch (error) {
        // One client's trouble must not keep the others' reports back.
        failed.push(`${clientId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return { sent, alreadySent, failed };
  }
}
