import { DateTime } from 'luxon';
import type { ClockFigures, SlaReport } from '../domain/reports/sla-report';

/** A health check (a schedule's maintenance ticket) completed in the month, with its checklist counts. */
export interface HealthCheckSummary {
  readonly ticketId: string;
  readonly title: string;
  readonly completedAt: string;
  readonly passed: number;
  readonly failed: number;
  readonly notApplicable: number;
  readonly unanswered: number;
}

export interface SlaReportEmailContent {
  readonly subject: string;
  readonly text: string;
}

const percent = (value: number | null): string => (value === null ? '—' : `${Math.round(value * 1000) / 10} %`);

function clockLine(name: string, c: ClockFigures): string {
  const median = c.medianMinutes === null ? '' : `, median ${c.medianMinutes} business minutes`;
  return `    ${name}: ${c.met} met, ${c.breached} breached, ${c.running} running — achievement ${percent(c.achievement)}${median}`;
}

/** The monthly report e-mail: one month's figures in plain text, severity by severity, then the breaches. */
export function slaReportEmail(
  clientName: string,
  report: SlaReport,
  healthChecks: readonly HealthCheckSummary[] = [],
  timezone = 'UTC',
): SlaReportEmailContent {
  const month = report.months[0];
  const label = DateTime.fromFormat(report.from, 'yyyy-MM', { zone: 'UTC' }).toFormat('LLLL yyyy');
  const lines = [`SLA compliance for ${clientName}, ${label}`, ''];
  if (month) {
    for (const s of month.severities) {
      lines.push(`${s.severity}: ${s.tickets} ticket${s.tickets === 1 ? '' : 's'}`);
      if (
        s.assess.met + s.assess.breached + s.assess.running + s.resolve.met + s.resolve.breached + s.resolve.running >
        0
      ) {
        lines.push(clockLine('assess', s.assess), clockLine('resolve', s.resolve));
        if (s.pausedMinutes > 0) lines.push(`    paused: ${s.pausedMinutes} business minutes`);
      }
    }
    lines.push('', `Hours called off: ${month.hoursCalledOff}; hours purchased: ${month.hoursPurchased}`);
    if (month.breaches.length > 0) {
      lines.push('', 'Breaches:');
      for (const b of month.breaches) {
        lines.push(
          `  ${b.ticketId} (${b.severity}, ${b.clock}) due ${b.dueAt}${b.stoppedAt ? `, stopped ${b.stoppedAt}` : ', still running'} — ${b.title.replace(/\s+/g, ' ')}`,
        );
      }
    }
  }
  if (healthChecks.length > 0) {
    lines.push('', 'Health checks done:');
    for (const c of healthChecks) {
      const date = DateTime.fromISO(c.completedAt, { zone: timezone }).toFormat('yyyy-MM-dd');
      const unanswered = c.unanswered > 0 ? `, ${c.unanswered} not answered` : '';
      lines.push(
        `  ${date} ${c.ticketId} ${c.title.replace(/\s+/g, ' ')}: ${c.passed} passed, ${c.failed} failed, ${c.notApplicable} n/a${unanswered}`,
      );
    }
  }
  lines.push(
    '',
    `The same figures: GET /api/clients/${report.clientId}/reports/sla.csv?from=${report.from}&to=${report.to}`,
  );
  return {
    subject: `[Support Desk] SLA report ${report.from}: ${clientName}`.replace(/\s+/g, ' ').trim(),
    text: `${lines.join('\n')}\n`,
  };
}
