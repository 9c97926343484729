import type { CalendarDefinition } from '../agreement/calendar-definition';
import { weekdayKeys } from '../agreement/calendar-definition';
import { timeSlotOf, type TimeSlot } from '../agreement/time-slot';
import { AlwaysOpenCalendar } from './always-open-calendar';
import type { CompiledCalendar } from './compiled-calendar';
import { publicHolidayDates } from './public-holidays';
import { WallClock } from './wall-clock';
import { WeeklyCalendar } from './weekly-calendar';

const alwaysOpen = new AlwaysOpenCalendar();

/**
 * Compiles a calendar of an agreement (already validated by `calendarSchema`) for a zone.
 *
 * Cached twice, because the compiled calendar also holds the year tables it has built:
 * - by the definition object itself, for callers that keep the parsed agreement;
 * - by its JSON and zone, because agreements are usually parsed afresh from storage on every
 *   request, and equal definitions must share their tables. That cache is bounded (least recently
 *   used goes first) so that a process serving many clients does not grow without limit.
 */
export function compileCalendar(definition: CalendarDefinition, timezone: string): CompiledCalendar {
  let byZone = byDefinition.get(definition);
  const known = byZone?.get(timezone);
  if (known) return known;
  const key = `${timezone}\n${JSON.stringify(definition)}`;
  let compiled = byKey.get(key);
  if (compiled)
    byKey.delete(key); // re-inserted below as the most recently used
  else compiled = build(definition, timezone);
  byKey.set(key, compiled);
  if (byKey.size > MAX_KEYED_CALENDARS) {
    const oldest = byKey.keys().next();
    if (!oldest.done) byKey.delete(oldest.value);
  }
  if (!byZone) {
    byZone = new Map();
    byDefinition.set(definition, byZone);
  }
  byZone.set(timezone, compiled);
  return compiled;
}

const MAX_KEYED_CALENDARS = 512;
const byDefinition = new WeakMap<CalendarDefinition, Map<string, CompiledCalendar>>();
const byKey = new Map<string, CompiledCalendar>();

function build(definition: CalendarDefinition, timezone: string): CompiledCalendar {
  const weekly = definition.weekly;
  if (weekly === '24x7') return alwaysOpen;
  const slotsByWeekday: TimeSlot[][] = weekdayKeys.map((day) =>
    (weekly[day] ?? []).map(timeSlotOf).sort((a, b) => a.startMinute - b.startMinute),
  );
  const holidays = definition.holidays;
  const added = new Set(holidays?.add ?? []);
  const removed = new Set(holidays?.remove ?? []);
  const isClosed = (date: string): boolean => {
    if (added.has(date)) return true;
    if (!holidays || removed.has(date)) return false;
    return publicHolidayDates(holidays.country, holidays.region, Number(date.slice(0, 4))).has(date);
  };
  return new WeeklyCalendar({ clock: new WallClock(timezone), slotsByWeekday, isClosed });
}
