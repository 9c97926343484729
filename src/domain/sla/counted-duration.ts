const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * Counted time as an ISO-8601 duration in hours, minutes and seconds (`PT27H30M`, `PT0S`).
 *
 * Never days: counted time on an office calendar is not calendar days, and targets read a day as
 * 24 counted hours, so hours keep `elapsed` + `remaining` = `target` readable.
 */
export function formatCountedDuration(millis: number): string {
  const total = Math.max(0, Math.round(millis));
  const hours = Math.floor(total / HOUR);
  const minutes = Math.floor((total % HOUR) / MINUTE);
  const seconds = (total % MINUTE) / 1000;
  const parts = `${hours > 0 ? `${hours}H` : ''}${minutes > 0 ? `${minutes}M` : ''}${seconds > 0 ? `${seconds}S` : ''}`;
  return `PT${parts || '0S'}`;
}
