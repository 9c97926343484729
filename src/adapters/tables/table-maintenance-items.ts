import { odata, type TableClient } from '@azure/data-tables';
import type { MaintenanceItem } from '../../domain/maintenance/item';
import type { MaintenanceItemStore, StoredItem } from '../../ports/maintenance-item-store';
import { VersionConflictError } from '../../ports/ticket-store';
import { fromJsonColumns, toJsonColumns } from './json-columns';
import { isStatus } from './table-clients';

/**
 * Items in the `clients` table, partition `~maintenance-item`, keyed `{clientId}|{itemId}`: a client's
 * backlog is one range read. `~maintenance-carried|{clientId}` marks the one-off carry-over of follow-ups.
 */
const partition = '~maintenance-item';
const carried = '~maintenance-carried';

export class TableMaintenanceItems implements MaintenanceItemStore {
  constructor(private readonly table: TableClient) {}

  async add(item: MaintenanceItem): Promise<boolean> {
    try {
      await this.table.createEntity({
        partitionKey: partition,
        rowKey: `${item.clientId}|${item.id}`,
        ...toJsonColumns(item),
      });
      return true;
    } catch (error) {
      if (isStatus(error, 409)) return false;
      throw error;
    }
  }

  async get(clientId: string, itemId: string): Promise<StoredItem | undefined> {
    try {
      return stored(await this.table.getEntity(partition, `${clientId}|${itemId}`));
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async replace(item: MaintenanceItem, version: string): Promise<StoredItem> {
    try {
      const response = await this.table.updateEntity(
        { partitionKey: partition, rowKey: `${item.clientId}|${item.id}`, ...toJsonColumns(item) },
        'Replace',
        { etag: version },
      );
      return { item, version: response.etag ?? '' };
    } catch (error) {
      if (isStatus(error, 404, 412)) throw new VersionConflictError(`item ${item.clientId}/${item.id}`);
      throw error;
    }
  }

  async list(clientId: string): Promise<StoredItem[]> {
    const found: StoredItem[] = [];
    const filter = odata`PartitionKey eq ${partition} and RowKey gt ${`${clientId}|`} and RowKey lt ${`${clientId}}`}`;
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) found.push(stored(entity));
    return found;
  }

  async carriedOver(clientId: string): Promise<boolean> {
    try {
      await this.table.getEntity(carried, clientId);
      return true;
    } catch (error) {
      if (isStatus(error, 404)) return false;
      throw error;
    }
  }

  async markCarriedOver(clientId: string): Promise<void> {
    await this.table.upsertEntity({ partitionKey: carried, rowKey: clientId }, 'Replace');
  }
}

function stored(entity: Readonly<Record<string, unknown>> & { etag: string }): StoredItem {
  return { item: fromJsonColumns<MaintenanceItem>(entity), version: entity.etag };
}
