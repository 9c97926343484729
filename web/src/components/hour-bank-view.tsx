import { useEffect, useRef } from 'preact/hooks';
import type { HourBank, HourBankEntry } from '../api/types';
import { formatHours, formatInZone } from '../lib/format';

const kindLabel: Readonly<Record<HourBankEntry['kind'], string>> = {
  purchase: 'Purchase',
  'call-off': 'Call-off',
  adjustment: 'Adjustment',
};

export interface UsagePoint {
  readonly month: string;
  readonly purchased: number;
  readonly calledOff: number;
}

/** Hours bought and called off per month (adjustments count with their sign in neither). */
export function usageByMonth(entries: readonly HourBankEntry[]): UsagePoint[] {
  const months = new Map<string, { purchased: number; calledOff: number }>();
  for (const e of entries) {
    const month = e.at.slice(0, 7);
    const row = months.get(month) ?? { purchased: 0, calledOff: 0 };
    if (e.kind === 'purchase') row.purchased += e.hours;
    if (e.kind === 'call-off') row.calledOff += Math.abs(e.hours);
    months.set(month, row);
  }
  return [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, r]) => ({ month, ...r }));
}

/** Balance, usage chart (with the same figures as a table), statement and CSV download. */
export function HourBankView({
  bank,
  clientId,
  timeZone,
}: {
  readonly bank: HourBank;
  readonly clientId: string;
  readonly timeZone?: string | undefined;
}) {
  const usage = usageByMonth(bank.entries);
  const low = bank.balanceHours < bank.lowBalanceHours;
  return (
    <>
      <dl class="facts balance">
        <dt>Balance</dt>
        <dd id="balance" class={low ? 'low' : undefined}>
          {formatHours(bank.balanceHours)}
          {low ? ' (low)' : ''}
        </dd>
        <dt>Purchased</dt>
        <dd>{formatHours(bank.purchasedHours)}</dd>
        <dt>Called off</dt>
        <dd>{formatHours(bank.calledOffHours)}</dd>
        <dt>Overdraft allowed</dt>
        <dd>{formatHours(bank.overdraftHours)}</dd>
      </dl>
      <p>
        <a
          href={`/api/clients/${encodeURIComponent(clientId)}/hour-bank/statement.csv`}
          download={`${clientId}-hour-bank.csv`}
        >
          Download statement (CSV)
        </a>
      </p>
      <section aria-labelledby="usage-heading">
        <h2 id="usage-heading">Usage by month</h2>
        {usage.length > 0 ? <UsageChart usage={usage} /> : <p>No hours bought or used yet.</p>}
        {usage.length > 0 ? (
          <table>
            <caption>Hours purchased and called off by month</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Purchased</th>
                <th scope="col">Called off</th>
              </tr>
            </thead>
            <tbody>
              {usage.map((u) => (
                <tr key={u.month}>
                  <th scope="row">{u.month}</th>
                  <td>{formatHours(u.purchased)}</td>
                  <td>{formatHours(u.calledOff)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section aria-labelledby="statement-heading">
        <h2 id="statement-heading">Statement</h2>
        <table>
          <caption>Every purchase, call-off and adjustment, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Hours</th>
              <th scope="col">Balance after</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {bank.entries.map((e, i) => (
              <tr key={i}>
                <td>{formatInZone(e.at, timeZone)}</td>
                <td>{kindLabel[e.kind]}</td>
                <td>{e.hours > 0 ? `+${e.hours}` : e.hours}</td>
                <td>{formatHours(e.balanceAfter)}</td>
                <td>{[e.ticketId, e.reference, e.reason, e.note, e.by && `by ${e.by}`].filter(Boolean).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

/** Chart.js, loaded only on this page; the canvas is an image named with its figures. */
function UsageChart({ usage }: { readonly usage: readonly UsagePoint[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const label = `Bar chart of hours purchased and called off by month: ${usage.map((u) => `${u.month}: ${u.purchased} purchased, ${u.calledOff} called off`).join('; ')}.`;
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    void import('./usage-chart').then(({ drawUsageChart }) => {
      if (!cancelled && canvas.current) chart = drawUsageChart(canvas.current, usage);
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [usage.map((u) => `${u.month}:${u.purchased}:${u.calledOff}`).join()]);
  return (
    <div class="chart">
      <canvas ref={canvas} role="img" aria-label={label} width={640} height={240}>
        {label}
      </canvas>
    </div>
  );
}
