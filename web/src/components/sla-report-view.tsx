import { useEffect, useRef } from 'preact/hooks';
import type { SlaReport } from '../api/types';
import { formatHours, formatInZone } from '../lib/format';
import type { AchievementPoint } from './achievement-chart';
import type { UsagePoint } from './hour-bank-view';

const percent = (value: number | null): string => (value === null ? '—' : `${Math.round(value * 1000) / 10}%`);

/** Achievement of a month over all severities: met ÷ (met + breached) of the clock, in percent. */
export function achievementByMonth(report: SlaReport): AchievementPoint[] {
  const of = (m: SlaReport['months'][number], clock: 'assess' | 'resolve'): number | null => {
    const met = m.severities.reduce((n, s) => n + s[clock].met, 0);
    const breached = m.severities.reduce((n, s) => n + s[clock].breached, 0);
    return met + breached === 0 ? null : Math.round((met / (met + breached)) * 1000) / 10;
  };
  return report.months.map((m) => ({ month: m.month, assess: of(m, 'assess'), resolve: of(m, 'resolve') }));
}

/**
 * A report: achievement by month (a chart named with its figures, then the same figures as a
 * table), the figures by month and severity, the breaches with links to their tickets, and hours
 * called off against hours bought.
 */
export function SlaReportView({
  report,
  ticketHref,
  timeZone,
}: {
  readonly report: SlaReport;
  readonly ticketHref: (id: string) => string;
  readonly timeZone?: string | undefined;
}) {
  const achievement = achievementByMonth(report);
  const usage: UsagePoint[] = report.months.map((m) => ({
    month: m.month,
    purchased: m.hoursPurchased,
    calledOff: m.hoursCalledOff,
  }));
  const breaches = report.months.flatMap((m) => m.breaches.map((b) => ({ ...b, month: m.month })));
  const csv = `/api/clients/${encodeURIComponent(report.clientId)}/reports/sla.csv?from=${report.from}&to=${report.to}`;
  const achievementLabel = `Line chart of SLA achievement by month, ${report.from} to ${report.to}: ${achievement
    .map(
      (a) =>
        `${a.month}: assess ${a.assess === null ? 'none judged' : `${a.assess}%`}, resolve ${a.resolve === null ? 'none judged' : `${a.resolve}%`}`,
    )
    .join('; ')}.`;
  const usageLabel = `Bar chart of hours purchased and called off by month: ${usage.map((u) => `${u.month}: ${u.purchased} purchased, ${u.calledOff} called off`).join('; ')}.`;
  return (
    <>
      <p>
        <a href={csv} download={`sla-${report.clientId}-${report.from}-${report.to}.csv`}>
          Download report (CSV)
        </a>
      </p>
      <section aria-labelledby="achievement-heading">
        <h2 id="achievement-heading">Achievement by month</h2>
        <ChartCanvas
          label={achievementLabel}
          draw={(canvas) =>
            import('./achievement-chart').then(({ drawAchievementChart }) => drawAchievementChart(canvas, achievement))
          }
          deps={achievementLabel}
        />
        <table>
          <caption>SLA achievement by month (clocks met ÷ clocks met or breached)</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Assess</th>
              <th scope="col">Resolve</th>
            </tr>
          </thead>
          <tbody>
            {achievement.map((a) => (
              <tr key={a.month}>
                <th scope="row">{a.month}</th>
                <td>{a.assess === null ? '—' : `${a.assess}%`}</td>
                <td>{a.resolve === null ? '—' : `${a.resolve}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="figures-heading">
        <h2 id="figures-heading">By month and severity</h2>
        <table class="report-figures">
          <caption>Tickets and clocks by month of receipt and severity</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Severity</th>
              <th scope="col">Tickets</th>
              <th scope="col">Assess met / breached / running</th>
              <th scope="col">Assess achievement</th>
              <th scope="col">Assess median (min)</th>
              <th scope="col">Resolve met / breached / running</th>
              <th scope="col">Resolve achievement</th>
              <th scope="col">Resolve median (min)</th>
              <th scope="col">Paused (min)</th>
            </tr>
          </thead>
          <tbody>
            {report.months.flatMap((m) =>
              m.severities.map((s) => (
                <tr key={`${m.month}-${s.severity}`}>
                  <th scope="row">{m.month}</th>
                  <td>{s.severity}</td>
                  <td>{s.tickets}</td>
                  <td>{`${s.assess.met} / ${s.assess.breached} / ${s.assess.running}`}</td>
                  <td>{percent(s.assess.achievement)}</td>
                  <td>{s.assess.medianMinutes ?? '—'}</td>
                  <td>{`${s.resolve.met} / ${s.resolve.breached} / ${s.resolve.running}`}</td>
                  <td>{percent(s.resolve.achievement)}</td>
                  <td>{s.resolve.medianMinutes ?? '—'}</td>
                  <td>{s.pausedMinutes}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="breaches-heading">
        <h2 id="breaches-heading">Breaches</h2>
        {breaches.length === 0 ? (
          <p>No clock was breached in these months.</p>
        ) : (
          <table>
            <caption>Breached clocks with their tickets</caption>
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Title</th>
                <th scope="col">Severity</th>
                <th scope="col">Clock</th>
                <th scope="col">Due</th>
                <th scope="col">Stopped</th>
              </tr>
            </thead>
            <tbody>
              {breaches.map((b) => (
                <tr key={`${b.ticketId}-${b.clock}`}>
                  <th scope="row">
                    <a href={ticketHref(b.ticketId)}>{b.ticketId}</a>
                  </th>
                  <td>{b.title}</td>
                  <td>{b.severity}</td>
                  <td>{b.clock}</td>
                  <td>{formatInZone(b.dueAt, timeZone)}</td>
                  <td>{b.stoppedAt ? formatInZone(b.stoppedAt, timeZone) : 'still running'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="hours-heading">
        <h2 id="hours-heading">Hours used and bought</h2>
        <ChartCanvas
          label={usageLabel}
          draw={(canvas) => import('./usage-chart').then(({ drawUsageChart }) => drawUsageChart(canvas, usage))}
          deps={usageLabel}
        />
        <table>
          <caption>Hours called off and purchased by month</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Called off</th>
              <th scope="col">Purchased</th>
            </tr>
          </thead>
          <tbody>
            {usage.map((u) => (
              <tr key={u.month}>
                <th scope="row">{u.month}</th>
                <td>{formatHours(u.calledOff)}</td>
                <td>{formatHours(u.purchased)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

/** Chart.js, loaded only when a chart is shown; the canvas is an image named with its figures. */
function ChartCanvas({
  label,
  draw,
  deps,
}: {
  readonly label: string;
  readonly draw: (canvas: HTMLCanvasElement) => Promise<{ destroy(): void }>;
  readonly deps: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    if (canvas.current) {
      void draw(canvas.current).then((drawn) => {
        if (cancelled) drawn.destroy();
        else chart = drawn;
      });
    }
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [deps]);
  return (
    <div class="chart">
      <canvas ref={canvas} role="img" aria-label={label} width={640} height={240}>
        {label}
      </canvas>
    </div>
  );
}
