import type { ClockFigures, SlaReport } from './sla-report';

const clockColumns = (clock: string) => [
  `${clock}_met`,
  `${clock}_breached`,
  `${clock}_running`,
  `${clock}_achievement`,
  `${clock}_median_minutes`,
];

export const slaReportCsvHeader = [
  'client_id',
  'month',
  'severity',
  'tickets',
  ...clockColumns('assess'),
  ...clockColumns('resolve'),
  'paused_minutes',
  'hours_called_off',
  'hours_purchased',
] as const;

/**
 * The report as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line
 * break): one row per month and severity, the JSON's figures in the JSON's order. A month's hours
 * repeat on each of its rows so that every row stands alone in a spreadsheet; an empty cell is a
 * null (no achievement or median).
 */
export function slaReportCsv(report: SlaReport): string {
  const rows: (string | number | null)[][] = [[...slaReportCsvHeader]];
  for (const month of report.months) {
    for (const s of month.severities) {
      rows.push([
        report.clientId,
        month.month,
        s.severity,
        s.tickets,
        ...clockCells(s.assess),
        ...clockCells(s.resolve),
        s.pausedMinutes,
        month.hoursCalledOff,
        month.hoursPurchased,
      ]);
    }
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function clockCells(c: ClockFigures): (number | null)[] {
  return [
    c.met,
    c.breached,
    c.running,
    c.achievement === null ? null : Math.round(c.achievement * 10_000) / 10_000,
    c.medianMinutes,
  ];
}

/** One RFC 4180 field; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
