import { describe, expect, it } from 'vitest';
import { csvField, slaReportCsv } from '../../../src/domain/reports/sla-report-csv';
import type { SlaReport } from '../../../src/domain/reports/sla-report';

const clock = (
  met: number,
  breached: number,
  running: number,
  achievement: number | null,
  medianMinutes: number | null,
) => ({
  met,
  breached,
  running,
  achievement,
  medianMinutes,
});

describe('slaReportCsv', () => {
  it('one row per month and severity, CRLF line ends, nulls as empty cells, hours repeated per row', () => {
    const report: SlaReport = {
      clientId: 'acme',
      from: '2026-11',
      to: '2026-11',
      months: [
        {
          month: '2026-11',
          hoursCalledOff: 1.75,
          hoursPurchased: 10,
          breaches: [],
          severities: [
            {
              severity: 'cat1',
              tickets: 3,
              assess: clock(2, 1, 0, 2 / 3, 30),
              resolve: clock(0, 0, 3, null, null),
              pausedMinutes: 12.5,
            },
            {
              severity: 'cat3',
              tickets: 1,
              assess: clock(0, 0, 0, null, null),
              resolve: clock(0, 0, 0, null, null),
              pausedMinutes: 0,
            },
          ],
        },
      ],
    };
    expect(slaReportCsv(report)).toBe(
      'client_id,month,severity,tickets,assess_met,assess_breached,assess_running,assess_achievement,assess_median_minutes,' +
        'resolve_met,resolve_breached,resolve_running,resolve_achievement,resolve_median_minutes,paused_minutes,hours_called_off,hours_purchased\r\n' +
        'acme,2026-11,cat1,3,2,1,0,0.6667,30,0,0,3,,,12.5,1.75,10\r\n' +
        'acme,2026-11,cat3,1,0,0,0,,,0,0,0,,,0,1.75,10\r\n',
    );
  });

  it('quotes fields with commas, quotes or line breaks, and defuses spreadsheet formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('S1')).toBe('S1');
  });
});
