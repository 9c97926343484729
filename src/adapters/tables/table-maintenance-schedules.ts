import { odata, type TableClient } from '@azure/data-tables';
import type { MaintenanceSchedule } from '../../domain/maintenance/schedule';
import type { MaintenanceScheduleStore, StoredSchedule } from '../../ports/maintenance-schedule-store';
import { VersionConflictError } from '../../ports/ticket-store';
import { fromJsonColumns, toJsonColumns } from './json-columns';
import { isStatus } from './table-clients';

/**
 * Schedules in the `clients` table, all in one partition `~schedule` keyed `{clientId}|{scheduleId}`
 * (like `~prefix` and `~apikey`): a client's schedules are one range read, and the timer's query for
 * schedules due a look (`checkAt le now`) is one partition however many clients there are.
 */
const partition = '~schedule';
/** `checkAt` of a schedule the timer never needs to look at: after every ISO instant. */
const never = '~';

const rowKey = (clientId: string, scheduleId: string): string => `${clientId}|${scheduleId}`;

export class TableMaintenanceSchedules implements MaintenanceScheduleStore {
  constructor(private readonly table: TableClient) {}

  async get(clientId: string, scheduleId: string): Promise<StoredSchedule | undefined> {
    try {
      return stored(await this.table.getEntity(partition, rowKey(clientId, scheduleId)));
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async list(clientId: string): Promise<StoredSchedule[]> {
    const found: StoredSchedule[] = [];
    const filter = odata`PartitionKey eq ${partition} and RowKey gt ${`${clientId}|`} and RowKey lt ${`${clientId}}`}`;
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) found.push(stored(entity));
    return found;
  }

  async save(schedule: MaintenanceSchedule, checkAt: string | undefined, previous?: string): Promise<StoredSchedule> {
    const entity = {
      partitionKey: partition,
      rowKey: rowKey(schedule.clientId, schedule.id),
      checkAt: checkAt ?? never,
      ...toJsonColumns(schedule),
    };
    try {
      const response =
        previous === undefined
          ? await this.table.createEntity(entity)
          : await this.table.updateEntity(entity, 'Replace', { etag: previous });
      return { schedule, version: response.etag ?? '', ...(checkAt !== undefined ? { checkAt } : {}) };
    } catch (error) {
      if (isStatus(error, 409, 412)) throw new VersionConflictError(`schedule ${schedule.clientId}/${schedule.id}`);
      throw error;
    }
  }

  async dueForCheck(now: string): Promise<StoredSchedule[]> {
    const found: StoredSchedule[] = [];
    const filter = odata`PartitionKey eq ${partition} and checkAt le ${now}`;
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) found.push(stored(entity));
    return found;
  }
}

function stored(entity: Readonly<Record<string, unknown>> & { etag: string }): StoredSchedule {
  const checkAt = typeof entity.checkAt === 'string' && entity.checkAt !== never ? entity.checkAt : undefined;
  return {
    schedule: fromJsonColumns<MaintenanceSchedule>(entity),
    version: entity.etag,
    ...(checkAt !== undefined ? { checkAt } : {}),
  };
}
