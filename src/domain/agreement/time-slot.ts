/**
 * One open slot of a weekday, `HH:mm-HH:mm` in wall-clock local time.
 *
 * Kept as text in the agreement (that is what people write and read back); this parser is shared by
 * the schema, which reports what is wrong, and the calendar compiler, which needs minutes.
 */
export interface TimeSlot {
  /** Minutes after local midnight, 0..1439. */
  readonly startMinute: number;
  /** Minutes after local midnight, 1..1440; 1440 is `24:00`, the next local midnight. */
  readonly endMinute: number;
}

const slotPattern = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

export type TimeSlotParse = { ok: true; slot: TimeSlot } | { ok: false; message: string };

export function parseTimeSlot(text: string): TimeSlotParse {
  const match = slotPattern.exec(text);
  if (!match) return { ok: false, message: `"${text}" must look like HH:mm-HH:mm, e.g. 09:00-17:30` };
  const [, sh, sm, eh, em] = match.map(Number) as [number, number, number, number, number];
  if (sh > 23 || sm > 59) return { ok: false, message: `"${text}": start must be a time from 00:00 to 23:59` };
  if (em > 59 || eh > 24 || (eh === 24 && em !== 0)) {
    return { ok: false, message: `"${text}": end must be a time from 00:01 to 24:00` };
  }
  const slot = { startMinute: sh * 60 + sm, endMinute: eh * 60 + em };
  if (slot.startMinute >= slot.endMinute) {
    return { ok: false, message: `"${text}": start must be before end (a night shift is two slots on two days)` };
  }
  return { ok: true, slot };
}

/** For text the schema has already accepted. */
export function timeSlotOf(text: string): TimeSlot {
  const parsed = parseTimeSlot(text);
  if (!parsed.ok) throw new RangeError(parsed.message);
  return parsed.slot;
}
