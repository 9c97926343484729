import type { MaintenanceSchedule } from '../../../src/domain/maintenance/schedule';
import type { MaintenanceScheduleStore, StoredSchedule } from '../../../src/ports/maintenance-schedule-store';
import { VersionConflictError } from '../../../src/ports/ticket-store';

/** As `TableMaintenanceSchedules`: a stale version or an existing schedule is a VersionConflictError. */
export class InMemoryMaintenanceSchedules implements MaintenanceScheduleStore {
  readonly #rows = new Map<string, { schedule: MaintenanceSchedule; version: string; checkAt: string }>();
  #versions = 0;

  async get(clientId: string, scheduleId: string): Promise<StoredSchedule | undefined> {
    await turn();
    const row = this.#rows.get(`${clientId}|${scheduleId}`);
    return row && view(row);
  }

  async list(clientId: string): Promise<StoredSchedule[]> {
    await turn();
    return [...this.#rows.entries()]
      .filter(([key]) => key.startsWith(`${clientId}|`))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, row]) => view(row));
  }

  async save(schedule: MaintenanceSchedule, checkAt: string | undefined, previous?: string): Promise<StoredSchedule> {
    await turn();
    const key = `${schedule.clientId}|${schedule.id}`;
    const existing = this.#rows.get(key);
    if (previous === undefined ? existing !== undefined : existing?.version !== previous)
      throw new VersionConflictError(`schedule ${key}`);
    const version = `v${++this.#versions}`;
    this.#rows.set(key, { schedule: structuredClone(schedule), version, checkAt: checkAt ?? '~' });
    return { schedule, version, ...(checkAt !== undefined ? { checkAt } : {}) };
  }

  async dueForCheck(now: string): Promise<StoredSchedule[]> {
    await turn();
    return [...this.#rows.values()].filter((row) => row.checkAt <= now).map((row) => view(row));
  }
}

function view(row: { schedule: MaintenanceSchedule; version: string; checkAt: string }): StoredSchedule {
  return {
    schedule: structuredClone(row.schedule),
    version: row.version,
    ...(row.checkAt !== '~' ? { checkAt: row.checkAt } : {}),
  };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
