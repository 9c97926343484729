/** Dates are shown in the client's timezone (the agreement's), with the zone named. */
export function formatInZone(iso: string | null | undefined, timeZone: string | undefined): string {
  if (!iso) return '—';
  try {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    }).format(new Date(iso));
  } catch {
    return new Date(iso).toISOString();
  }
}

/** `2h 05m` left, or `3h 10m overdue`: what a countdown shows. */
export function formatCountdown(dueAt: string, now: number): string {
  const ms = new Date(dueAt).getTime() - now;
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const seconds = Math.floor((abs % 60_000) / 1000);
  const text =
    days > 0
      ? `${days}d ${hours}h ${pad(minutes)}m`
      : hours > 0
        ? `${hours}h ${pad(minutes)}m ${pad(seconds)}s`
        : `${minutes}m ${pad(seconds)}s`;
  return ms >= 0 ? `${text} left` : `${text} overdue`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function formatHours(hours: number): string {
  return `${Number(hours.toFixed(2))} h`;
}

/** An ISO duration from the agreement (`PT4H`, `P2D`) as words. */
export function formatDuration(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
  if (!m) return iso;
  const parts = [m[1] && `${m[1]} d`, m[2] && `${m[2]} h`, m[3] && `${m[3]} min`].filter(Boolean);
  return parts.join(' ') || iso;
}
