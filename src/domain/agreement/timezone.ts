import { IANAZone } from 'luxon';
import { z } from 'zod';

/** An IANA time zone name such as `Europe/London`, as luxon (and therefore the calendars) understands it. */
export const timezoneSchema = z
  .string()
  .min(1)
  .refine((zone) => IANAZone.isValidZone(zone), { message: 'must be an IANA time zone such as Europe/London' });
