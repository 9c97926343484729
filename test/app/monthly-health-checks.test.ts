import { describe, expect, it } from 'vitest';
import { healthChecksDone } from '../../src/app/monthly-sla-report-mailer';
import { newTicket, type Ticket } from '../../src/domain/tickets/ticket';
import type { SlaReport } from '../../src/domain/reports/sla-report';
import { slaReportEmail } from '../../src/messaging/sla-report-email';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';

/** A ticket as it stands after its work: `patch` gives status, maintenance, checks and resolution. */
async function stored(tickets: InMemoryTicketStore, patch: (ticket: Ticket) => Ticket): Promise<void> {
  await tickets.create({
    clientId: 'acme',
    build: (number) => ({
      ticket: patch(
        newTicket({
          clientId: 'acme',
          ticketPrefix: 'ACME',
          number,
          title: `Health check ${number}`,
          description: 'd',
          severity: 'cat4',
          type: 'maintenance',
          reporter: 'schedule:health',
          receivedAt: '2026-11-01T09:00:00.000Z',
          channel: 'schedule',
        }),
      ),
      events: [],
      position: `x|${number}`,
    }),
  });
}

const maintenance = { scheduleId: 'health', occurrence: '2026-11-02', dueAt: '2026-11-02T09:00:00.000Z' };
const answer = (line: number, result: 'pass' | 'fail' | 'n/a') => ({ line, result, by: 'eng', at: 'x' });
const resolution = (at: string) => ({ cause: 'done', by: 'eng', at });

describe('health checks in the monthly report', () => {
  it("lists the month's completed schedule tickets with their checklist counts, in the client's timezone", async () => {
    const tickets = new InMemoryTicketStore();
    // 1: resolved in November with answers; 2: closed on 30 Nov 23:30 UTC = 1 Dec in Europe/Berlin (not November);
    // 3: a November defect (not a health check); 4: still open.
    await stored(tickets, (t) => ({
      ...t,
      status: 'resolved',
      maintenance: { ...maintenance, checklist: ['Backups', 'Certificates', 'Disk'] },
      checks: [answer(0, 'pass'), answer(1, 'fail')],
      resolution: resolution('2026-11-10T15:00:00.000Z'),
    }));
    await stored(tickets, (t) => ({
      ...t,
      status: 'closed',
      maintenance: { ...maintenance, checklist: ['Backups'] },
      resolution: resolution('2026-11-30T23:30:00.000Z'),
    }));
    await stored(tickets, (t) => ({
      ...t,
      type: 'defect',
      status: 'closed',
      resolution: resolution('2026-11-12T10:00:00.000Z'),
    }));
    await stored(tickets, (t) => ({ ...t, maintenance: { ...maintenance, checklist: ['Backups'] } }));

    const checks = await healthChecksDone(tickets, 'acme', 'Europe/Berlin', '2026-11');
    expect(checks).toEqual([
      {
        ticketId: 'ACME-1',
        title: 'Health check 1',
        completedAt: '2026-11-10T15:00:00.000Z',
        passed: 1,
        failed: 1,
        notApplicable: 0,
        unanswered: 1,
      },
    ]);
    expect((await healthChecksDone(tickets, 'acme', 'Europe/Berlin', '2026-12')).map((c) => c.ticketId)).toEqual([
      'ACME-2',
    ]);

    const report = { clientId: 'acme', from: '2026-11', to: '2026-11', months: [] } as unknown as SlaReport;
    const mail = slaReportEmail('Acme', report, checks, 'Europe/Berlin');
    expect(mail.text).toContain(
      'Health checks done:\n  2026-11-10 ACME-1 Health check 1: 1 passed, 1 failed, 0 n/a, 1 not answered',
    );
    expect(slaReportEmail('Acme', report, [], 'Europe/Berlin').text).not.toContain('Health checks');
  });
});
