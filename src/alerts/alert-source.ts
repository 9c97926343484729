import type { z } from 'zod';
import type { AlertSignal, AlertSourceName } from './alert-signal';

export type AlertReading =
  | { readonly ok: true; readonly signals: AlertSignal[] }
  | { readonly ok: false; readonly issues: readonly z.core.$ZodIssue[] };

/** One monitoring format: its payload schema (validated, and shown in OpenAPI) and how its alerts read. */
export interface AlertSource {
  readonly name: AlertSourceName;
  readonly schema: z.ZodType;
  read(body: unknown): AlertReading;
}

export function defineAlertSource<S extends z.ZodType>(
  name: AlertSourceName,
  schema: S,
  signals: (payload: z.output<S>) => AlertSignal[],
): AlertSource {
  return {
    name,
    schema,
    read(body) {
      const result = schema.safeParse(body);
      return result.success ? { ok: true, signals: signals(result.data) } : { ok: false, issues: result.error.issues };
    },
  };
}
