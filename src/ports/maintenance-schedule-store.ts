import type { MaintenanceSchedule } from '../domain/maintenance/schedule';

export interface StoredSchedule {
  readonly schedule: MaintenanceSchedule;
  /** Opaque storage version; `save` with it succeeds only if nobody wrote in between. */
  readonly version: string;
  /** When the timer must look at it next, as last saved; undefined: never. */
  readonly checkAt?: string;
}

/**
 * Maintenance schedules (docs/product-spec.md §10). Each carries `checkAt`, when the timer must next look at it, so a
 * timer run reads only the schedules with something coming up rather than computing every rule.
 */
export interface MaintenanceScheduleStore {
  get(clientId: string, scheduleId: string): Promise<StoredSchedule | undefined>;
  list(clientId: string): Promise<StoredSchedule[]>;
  /**
   * Writes the schedule: a new one when `previous` is undefined (VersionConflictError if it exists by
   * then), otherwise only if it is still at `previous` (VersionConflictError if not). `checkAt`
   * undefined: the timer never needs to look at it (paused, or nothing left to raise).
   */
  save(schedule: MaintenanceSchedule, checkAt: string | undefined, previous?: string): Promise<StoredSchedule>;
  /** Every schedule, of every client, whose `checkAt` is at or before `now` (an ISO instant). */
  dueForCheck(now: string): Promise<StoredSchedule[]>;
}
