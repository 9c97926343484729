const weekdays: Readonly<Record<string, string>> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const ordinals: Readonly<Record<string, string>> = {
  '1': 'first',
  '2': 'second',
  '3': 'third',
  '4': 'fourth',
  '-1': 'last',
};

/**
 * The rules the schedule form offers in words (the start's date and time fix the day and hour); any
 * other RFC 5545 rule is entered as it is. The keys are the RRULEs sent to the API.
 */
export const ruleChoices: readonly (readonly [string, string])[] = [
  ['FREQ=DAILY', 'Every day'],
  ['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', 'Every weekday (Monday to Friday)'],
  ['FREQ=WEEKLY', "Every week, on the start's weekday"],
  ['FREQ=MONTHLY', "Every month, on the start's day of the month"],
  ['FREQ=MONTHLY;INTERVAL=3', "Every three months, on the start's day of the month"],
  ['FREQ=YEARLY', "Every year, on the start's date"],
];

/**
 * A schedule's rule as a person says it ("Monthly on the first Tuesday"), for the common forms; any
 * other rule is shown as its RRULE text rather than guessed at.
 */
export function ruleInWords(rrule: string): string {
  const parts = new Map(
    rrule
      .replace(/^RRULE:/i, '')
      .split(';')
      .map((p) => p.split('=') as [string, string | undefined])
      .map(([k, v]) => [k.toUpperCase(), (v ?? '').toUpperCase()] as const),
  );
  const freq = parts.get('FREQ');
  const interval = Number(parts.get('INTERVAL') ?? '1');
  const byDay = parts.get('BYDAY');
  const known = new Set(['FREQ', 'INTERVAL', 'BYDAY']);
  if ([...parts.keys()].some((k) => !known.has(k)) || !Number.isInteger(interval) || interval < 1) return rrule;
  const unit = { DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' }[freq ?? ''];
  if (!unit) return rrule;
  const every = interval === 1 ? `Every ${unit}` : `Every ${interval} ${unit}s`;
  if (!byDay) return every;
  const days = byDay.split(',');
  if (unit === 'week' && days.every((d) => weekdays[d])) {
    if (byDay === 'MO,TU,WE,TH,FR' && interval === 1) return 'Every weekday (Monday to Friday)';
    return `${every} on ${days.map((d) => weekdays[d]).join(', ')}`;
  }
  const nth = /^(-?\d)([A-Z]{2})$/.exec(byDay);
  if (unit === 'month' && nth && ordinals[nth[1]!] && weekdays[nth[2]!])
    return `${every} on the ${ordinals[nth[1]!]} ${weekdays[nth[2]!]}`;
  return rrule;
}
