import { z } from 'zod';
import { isKnownHolidayCountry, isKnownHolidayRegion } from './holiday-region';
import { parseTimeSlot } from './time-slot';

/** Weekday keys of a weekly schedule, Monday first (ISO order, as luxon numbers them 1..7). */
export const weekdayKeys = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayKey = (typeof weekdayKeys)[number];

const slotTextSchema = z.string().superRefine((text, ctx) => {
  const parsed = parseTimeSlot(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
});

/** The slots of one weekday; several are allowed (a lunch break), but they must not overlap. */
const daySlotsSchema = z.array(slotTextSchema).superRefine((texts, ctx) => {
  const slots = texts
    .map((text, index) => ({ index, parsed: parseTimeSlot(text) }))
    .flatMap(({ index, parsed }) => (parsed.ok ? [{ index, ...parsed.slot }] : []))
    .sort((a, b) => a.startMinute - b.startMinute);
  for (let i = 1; i < slots.length; i++) {
    const previous = slots[i - 1];
    const current = slots[i];
    // Touching slots (12:00-13:00, 13:00-14:00) are fine; the calendar merges them.
    if (previous && current && current.startMinute < previous.endMinute) {
      const [later, earlier] = current.index > previous.index ? [current, previous] : [previous, current];
      ctx.addIssue({
        code: 'custom',
        path: [later.index],
        message: `overlaps "${texts[earlier.index]}" (slot ${earlier.index}) on the same day`,
      });
    }
  }
});

const weeklySlotsSchema = z.strictObject(
  Object.fromEntries(weekdayKeys.map((day) => [day, daySlotsSchema.optional()])) as Record<
    WeekdayKey,
    z.ZodOptional<typeof daySlotsSchema>
  >,
);

const weeklySchema = z.union([z.literal('24x7'), weeklySlotsSchema], {
  error: 'must be "24x7" or an object of weekday slots such as { "mon": ["09:00-17:30"] }',
});

/** A calendar date `YYYY-MM-DD` that exists. */
const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((text) => {
    const [y, m, d] = text.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'is not a date that exists');

const holidaysSchema = z
  .strictObject({
    /** ISO 3166 country code as `date-holidays` knows it, e.g. `GB`, `US`. */
    country: z.string().min(1),
    /** A state or region of that country in `date-holidays`, e.g. `ENG`, `NY`. */
    region: z.string().min(1).optional(),
    /** Extra closed dates. */
    add: z.array(isoDateSchema).default(() => []),
    /** Public holidays worked anyway: the date opens with the normal slots of its weekday. */
    remove: z.array(isoDateSchema).default(() => []),
  })
  .superRefine((holidays, ctx) => {
    if (!isKnownHolidayCountry(holidays.country)) {
      ctx.addIssue({
        code: 'custom',
        path: ['country'],
        message: `"${holidays.country}" is not a country date-holidays knows (e.g. GB, US, DE)`,
      });
    } else if (holidays.region !== undefined && !isKnownHolidayRegion(holidays.country, holidays.region)) {
      ctx.addIssue({
        code: 'custom',
        path: ['region'],
        message: `"${holidays.region}" is not a region of ${holidays.country} that date-holidays knows`,
      });
    }
    const added = new Set(holidays.add);
    holidays.remove.forEach((date, index) => {
      if (added.has(date))
        ctx.addIssue({ code: 'custom', path: ['remove', index], message: `${date} is both added and removed` });
    });
  });

export const calendarSchema = z
  .strictObject({
    weekly: weeklySchema,
    /** Public holidays close the day; ignored on a `24x7` calendar, which counts real elapsed time. */
    holidays: holidaysSchema.optional(),
  })
  .superRefine((calendar, ctx) => {
    if (calendar.weekly === '24x7') return;
    const weekly = calendar.weekly;
    // A calendar that never opens would make every due instant infinitely far away.
    if (!weekdayKeys.some((day) => (weekly[day]?.length ?? 0) > 0)) {
      ctx.addIssue({ code: 'custom', path: ['weekly'], message: 'must open at least one slot in the week' });
    }
  });

export type CalendarDefinition = z.output<typeof calendarSchema>;
export type WeeklySlots = Exclude<CalendarDefinition['weekly'], '24x7'>;
