import { signal } from '@preact/signals';
import { formatCountdown } from '../lib/format';
import type { ClockStatus } from '../api/types';

const labels: Readonly<Record<ClockStatus, string>> = {
  running: 'Running',
  paused: 'Paused',
  met: 'Met',
  breached: 'Breached',
  'not-applicable': 'No SLA',
};

/** The SLA state as a word and a colour (the word carries the meaning; colour only repeats it). */
export function SlaBadge({ status }: { readonly status: ClockStatus }) {
  return <span class={`badge sla-${status}`}>{labels[status]}</span>;
}

/** One clock for every countdown on the page: a row re-renders only its own text once a second. */
export const now = signal(Date.now());
let ticking: number | undefined;

export function startTicking(): () => void {
  ticking ??= window.setInterval(() => (now.value = Date.now()), 1000);
  return () => {
    window.clearInterval(ticking);
    ticking = undefined;
  };
}

export function Countdown({ dueAt }: { readonly dueAt: string | undefined }) {
  if (!dueAt) return <span>—</span>;
  const text = formatCountdown(dueAt, now.value);
  return <span class={text.endsWith('overdue') ? 'overdue' : undefined}>{text}</span>;
}
