import { formatCountdown } from '../lib/format';
import { now } from '../lib/server-clock';

export { followServerClock, startTicking } from '../lib/server-clock';
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

export function Countdown({ dueAt }: { readonly dueAt: string | undefined }) {
  if (!dueAt) return <span>—</span>;
  const text = formatCountdown(dueAt, now.value);
  return <span class={text.endsWith('overdue') ? 'overdue' : undefined}>{text}</span>;
}
