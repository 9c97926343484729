/**
 * Due-instant throughput of the SLA engine against moment-business-time, on the contract example's
 * office calendar (09:00–17:30 Monday to Friday, Europe/London, England's bank holidays), for
 * 4 h, 40 h and 400 h targets from the same random starts over 2026–2027.
 *
 * Run: npm run bench:sla. Prints numbers only; nothing here asserts a time.
 */
// moment-business-time works in the process's local zone; give it the calendar's zone before it loads.
process.env.TZ = 'Europe/London';

import { createRequire } from 'node:module';
import { agreementSchema, calendarSchema } from '../src/domain/agreement/agreement';
import { compileCalendar } from '../src/domain/calendar/compile-calendar';
import { publicHolidayDates } from '../src/domain/calendar/public-holidays';
import { evaluateTicketSla } from '../src/domain/sla/ticket-sla';
import { seededRandom } from './seeded-random';

interface BusinessMoment {
  addWorkingTime(amount: number, unit: 'minutes' | 'hours'): BusinessMoment;
  valueOf(): number;
}
interface BusinessMomentModule {
  (millis: number): BusinessMoment;
  locale(): string;
  updateLocale(locale: string, config: { workinghours: Record<number, string[] | null>; holidays: string[] }): unknown;
}
const moment = createRequire(import.meta.url)('moment-business-time') as BusinessMomentModule;

const HOUR = 3_600_000;
const TARGET_HOURS = [4, 40, 400] as const;
const INPUTS = 1000;

const office = calendarSchema.parse({
  weekly: {
    mon: ['09:00-17:30'],
    tue: ['09:00-17:30'],
    wed: ['09:00-17:30'],
    thu: ['09:00-17:30'],
    fri: ['09:00-17:30'],
  },
  holidays: { country: 'GB', region: 'ENG' },
});
const hours = ['09:00:00', '17:30:00'];
moment.updateLocale(moment.locale(), {
  workinghours: { 0: null, 1: hours, 2: hours, 3: hours, 4: hours, 5: hours, 6: null },
  holidays: [2026, 2027, 2028].flatMap((year) => [...publicHolidayDates('GB', 'ENG', year)]),
});

// Deterministic starts: whole minutes from 1 Jan 2026 to 31 Dec 2027, any day and hour.
const random = seededRandom(20261224);
const from = Date.UTC(2026, 0, 1);
const span = Date.UTC(2027, 11, 31) - from;
const starts = Array.from({ length: INPUTS }, () => from + Math.floor((random() * span) / 60_000) * 60_000);

let sink = 0;

/** Calls per second of `run` over the inputs, repeated for at least `minMillis`, and the first pass's results. */
function measure(run: (start: number) => number, minMillis: number): { perSecond: number; results: number[] } {
  const began = performance.now();
  const results = starts.map(run);
  let calls = starts.length;
  let elapsed = performance.now() - began;
  while (elapsed < minMillis) {
    for (const start of starts) sink += run(start);
    calls += starts.length;
    elapsed = performance.now() - began;
  }
  return { perSecond: (calls / elapsed) * 1000, results };
}

const format = (perSecond: number): string => `${Math.round(perSecond).toLocaleString('en-GB')}/s`.padStart(14);

// Cold cost: compiling the calendar and building the year tables a first call needs.
const coldBegan = performance.now();
const calendar = compileCalendar(office, 'Europe/London');
calendar.instantAfterCounted(Date.UTC(2026, 5, 1), 4 * HOUR);
const coldMillis = performance.now() - coldBegan;
// Warm: every year the inputs and the 400 h targets reach, and the JIT on every target, so that the
// first target measured is not also the one paying for optimisation.
for (const targetHours of TARGET_HOURS)
  measure((start) => calendar.instantAfterCounted(start, targetHours * HOUR), 300);

console.log(`SLA due-instant benchmark — office calendar 09:00–17:30 Mon–Fri, Europe/London, England bank holidays`);
console.log(`${INPUTS} random starts in 2026–2027; Node ${process.version}`);
console.log(`first call (compile + holidays + one year table): ${coldMillis.toFixed(1)} ms\n`);
console.log(`target        ours          moment-business-time   ours/moment   agree`);

const ours = new Map<number, number>();
const theirs = new Map<number, number>();
for (const targetHours of TARGET_HOURS) {
  const targetMillis = targetHours * HOUR;
  const our = measure((start) => calendar.instantAfterCounted(start, targetMillis), 1500);
  const their = measure((start) => moment(start).addWorkingTime(targetHours, 'hours').valueOf(), 1500);
  ours.set(targetHours, our.perSecond);
  theirs.set(targetHours, their.perSecond);
  const agree = our.results.filter((due, i) => due === their.results[i]).length;
  console.log(
    `${`${targetHours} h`.padEnd(7)}${format(our.perSecond)}   ${format(their.perSecond)}        ${`${(our.perSecond / their.perSecond).toFixed(0)}×`.padStart(8)}   ${agree}/${starts.length}`,
  );
}

const cost = (perSecond: Map<number, number>, hoursOf: number) => 1 / perSecond.get(hoursOf)!;
console.log(
  `\nours:   400 h costs ${(cost(ours, 400) / cost(ours, 4)).toFixed(2)}× a 4 h computation (40 h: ${(cost(ours, 40) / cost(ours, 4)).toFixed(2)}×)`,
);
console.log(
  `moment: 400 h costs ${(cost(theirs, 400) / cost(theirs, 4)).toFixed(2)}× a 4 h computation (40 h: ${(cost(theirs, 40) / cost(theirs, 4)).toFixed(2)}×)`,
);

// The whole facade, as the ticket service calls it: ISO parsing, both clocks, formatting.
const agreement = agreementSchema.parse({
  calendars: { office },
  severities: [
    {
      id: 'cat2',
      name: 'Category 2',
      description: 'x',
      covered: true,
      calendar: 'office',
      assessWithin: 'PT4H',
      resolveWithin: 'PT8H',
    },
  ],
});
const isoStarts = starts.map((start) => new Date(start).toISOString());
let index = 0;
const facade = measure(() => {
  const startedAt = isoStarts[index++ % isoStarts.length]!;
  const record = { startedAt, pauses: [] };
  const sla = evaluateTicketSla({
    agreement,
    timezone: 'Europe/London',
    severityId: 'cat2',
    assess: record,
    resolve: record,
    now: startedAt,
  });
  return sla.resolve.dueAt?.length ?? 0;
}, 1500).perSecond;
console.log(`\nevaluateTicketSla (both clocks, ISO in and out): ${format(facade).trim()}`);
if (sink === 42) console.log(''); // keeps the results alive
