import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { agreementSchema, calendarSchema, type Agreement } from '../../../src/domain/agreement/agreement';
import { compileCalendar } from '../../../src/domain/calendar/compile-calendar';
import type { CompiledCalendar } from '../../../src/domain/calendar/compiled-calendar';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** Epoch millis of an ISO instant; tests write UTC and put the local time in a comment. */
export const at = (iso: string): number => {
  const millis = Date.parse(iso);
  if (!Number.isFinite(millis)) throw new RangeError(iso);
  return millis;
};
export const isoOf = (millis: number): string => new Date(millis).toISOString();

export function calendarOf(definition: unknown, timezone: string): CompiledCalendar {
  return compileCalendar(calendarSchema.parse(definition), timezone);
}

const weekdays = (slots: string[]) => ({ mon: slots, tue: slots, wed: slots, thu: slots, fri: slots });
const everyDay = (slots: string[]) => ({ ...weekdays(slots), sat: slots, sun: slots });

/** The contract example's office: 09:00–17:30 Monday to Friday, England's bank holidays. */
export const londonOffice = (): CompiledCalendar =>
  calendarOf({ weekly: weekdays(['09:00-17:30']), holidays: { country: 'GB', region: 'ENG' } }, 'Europe/London');

/** Contoso's lunch-break calendar, US federal holidays and the day after Thanksgiving 2026. */
export const newYorkLunchBreak = (): CompiledCalendar =>
  calendarOf(
    { weekly: weekdays(['09:00-12:30', '13:30-18:00']), holidays: { country: 'US', add: ['2026-11-27'] } },
    'America/New_York',
  );

export const sevenDays = (slots: string[], timezone: string): CompiledCalendar =>
  calendarOf({ weekly: everyDay(slots) }, timezone);

export const alwaysOpen = (timezone: string): CompiledCalendar => calendarOf({ weekly: '24x7' }, timezone);

const repoFile = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/** A client body (repository-relative path), as JSON. */
export function readClientJson(path: string): { timezone: string; agreement: unknown } & Record<string, unknown> {
  return JSON.parse(readFileSync(repoFile(path), 'utf8')) as { timezone: string; agreement: unknown } & Record<
    string,
    unknown
  >;
}

export function exampleAgreement(path: string): { agreement: Agreement; timezone: string } {
  const client = readClientJson(path);
  return { agreement: agreementSchema.parse(client.agreement), timezone: client.timezone };
}

/** A verbatim copy of the shared contract example (`/work/shared/contract/client.example.json`). */
export const CONTRACT_EXAMPLE = 'test/domain/agreement/fixtures/contract-client.example.json';
