import { reportMonthDue } from '../domain/reports/report-month';
import { slaReportEmail } from '../messaging/sla-report-email';
import type { ClientStore } from '../ports/client-store';
import type { Clock } from '../ports/clock';
import type { EmailReceiptStore } from '../ports/email-receipt-store';
import type { EmailSender } from '../ports/email-sender';
import type { SlaReportService } from './sla-report-service';

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
        const content = slaReportEmail(client.name, await this.reports.build(client, month, month));
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
