import { createRequire } from 'node:module';

/**
 * `moment-business-time` as an independent oracle. It is CommonJS and patches `moment` itself, so
 * it is loaded with require and given the little typing the tests use. Its working hours and
 * holidays are global locale settings: `configure` replaces them for every later call.
 */
interface BusinessMoment {
  addWorkingTime(amount: number, unit: 'minutes' | 'hours'): BusinessMoment;
  valueOf(): number;
}

interface BusinessMomentModule {
  utc(millis: number): BusinessMoment;
  locale(): string;
  updateLocale(locale: string, config: { workinghours: Record<number, string[] | null>; holidays: string[] }): unknown;
}

const moment = createRequire(import.meta.url)('moment-business-time') as BusinessMomentModule;

/** One slot Monday to Friday (`HH:mm`), closed on the given `YYYY-MM-DD` dates; times are UTC. */
export function configureWeekdays(open: string, close: string, holidays: string[]): void {
  const hours = [`${open}:00`, `${close}:00`];
  moment.updateLocale(moment.locale(), {
    workinghours: { 0: null, 1: hours, 2: hours, 3: hours, 4: hours, 5: hours, 6: null },
    holidays,
  });
}

/** The due instant by moment-business-time: `start` plus `minutes` of working time, in UTC. */
export function momentDue(start: number, minutes: number): number {
  return moment.utc(start).addWorkingTime(minutes, 'minutes').valueOf();
}
