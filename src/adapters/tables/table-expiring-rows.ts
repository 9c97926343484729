import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { ExpiringRecords } from '../../ports/expiring-records';
import type { LazyTable } from './notification-tables';
import { isStatus } from './table-clients';
import { submitTransaction } from './table-transaction';

/** Entity-group transactions take at most 100 operations, all in one partition. */
const batchSize = 100;

/**
 * Rows of one table matching `filter` whose `Timestamp` (the service's last-modified time) is before the
 * cutoff. They are listed across partitions with only their keys selected, and deleted in transactions
 * of up to 100 per partition; a row changed or deleted meanwhile is left to the next run.
 */
export class TableExpiringRows implements ExpiringRecords {
  constructor(
    private readonly table: TableClient | LazyTable,
    private readonly filter: string,
  ) {}

  async deleteOlderThan(cutoff: Date): Promise<number> {
    const table = 'ready' in this.table ? await this.table.ready() : this.table;
    const filter = `(${this.filter}) and Timestamp lt datetime'${cutoff.toISOString()}'`;
    const byPartition = new Map<string, string[]>();
    let deleted = 0;
    const flush = async (partitionKey: string, rowKeys: string[]) => {
      const actions: TransactionAction[] = rowKeys.map((rowKey) => ['delete', { partitionKey, rowKey }]);
      try {
        await submitTransaction(table, actions);
        deleted += rowKeys.length;
      } catch (error) {
        if (!isStatus(error, 404, 412)) throw error;
        // One row went meanwhile: delete the rest one by one.
        for (const rowKey of rowKeys) {
          try {
            await table.deleteEntity(partitionKey, rowKey);
            deleted += 1;
          } catch (inner) {
            if (!isStatus(inner, 404)) throw inner;
          }
        }
      }
    };
    for await (const entity of table.listEntities({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } })) {
      const { partitionKey = '', rowKey = '' } = entity;
      const rows = byPartition.get(partitionKey) ?? [];
      rows.push(rowKey);
      byPartition.set(partitionKey, rows);
      if (rows.length >= batchSize) {
        byPartition.delete(partitionKey);
        await flush(partitionKey, rows);
      }
    }
    for (const [partitionKey, rows] of byPartition) await flush(partitionKey, rows);
    return deleted;
  }
}
