import { odata, type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import type { MaintenanceRelease } from '../../domain/maintenance/release';
import type {
  MaintenanceReleaseStore,
  ReleaseCommit,
  ReleasePlan,
  StoredRelease,
} from '../../ports/maintenance-release-store';
import { maintenanceOutboxNumber } from '../../ports/outbox';
import { VersionConflictError } from '../../ports/ticket-store';
import { fromJsonColumns, toJsonColumns } from './json-columns';
import { isStatus } from './table-clients';
import { ticketRowKeys as keys } from './ticket-row-keys';
import { submitTransaction } from './table-transaction';

/**
 * Releases in the `tickets` table, in the client's partition (`mr|{releaseId}`), beside the plan's
 * counters (`mr~plan`) and the outbox: a release change, the counters and its events (outbox rows of
 * "ticket" `maintenanceOutboxNumber`) commit in one entity-group transaction, and the relay that
 * publishes ticket and hour-bank events publishes these too.
 */
const planRow = 'mr~plan';
const releaseRow = (id: string) => `mr|${id}`;

export class TableMaintenanceReleases implements MaintenanceReleaseStore {
  constructor(private readonly tickets: TableClient) {}

  async plan(clientId: string): Promise<ReleasePlan> {
    try {
      const entity = await this.tickets.getEntity<{ releaseCount: number; eventCount: number }>(clientId, planRow);
      return { releaseCount: entity.releaseCount, eventCount: entity.eventCount, version: entity.etag };
    } catch (error) {
      if (isStatus(error, 404)) return { releaseCount: 0, eventCount: 0 };
      throw error;
    }
  }

  async get(clientId: string, releaseId: string): Promise<StoredRelease | undefined> {
    try {
      return stored(await this.tickets.getEntity(clientId, releaseRow(releaseId)));
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async list(clientId: string): Promise<StoredRelease[]> {
    const found: StoredRelease[] = [];
    const filter = odata`PartitionKey eq ${clientId} and RowKey gt ${'mr|'} and RowKey lt ${'mr}'}`;
    for await (const entity of this.tickets.listEntities({ queryOptions: { filter } })) found.push(stored(entity));
    return found;
  }

  async commit(change: ReleaseCommit): Promise<StoredRelease> {
    const { clientId } = change;
    const plan: TableEntity = { partitionKey: clientId, rowKey: planRow, kind: 'maintenance-plan', ...change.nextPlan };
    const release: TableEntity = {
      partitionKey: clientId,
      rowKey: releaseRow(change.release.id),
      kind: 'maintenance-release',
      status: change.release.status,
      ...toJsonColumns(change.release),
    };
    const actions: TransactionAction[] = [
      change.plan.version ? ['update', plan, 'Replace', { etag: change.plan.version }] : ['create', plan],
      change.previousVersion ? ['update', release, 'Replace', { etag: change.previousVersion }] : ['create', release],
      ...change.events.map(({ seq, event }): TransactionAction => [
        'create',
        {
          partitionKey: clientId,
          rowKey: keys.outbox(maintenanceOutboxNumber, seq),
          kind: 'outbox',
          eventType: event.type,
          ...toJsonColumns(event),
        },
      ]),
    ];
    try {
      await submitTransaction(this.tickets, actions);
    } catch (error) {
      if (isStatus(error, 409, 412, 404)) throw new VersionConflictError(`release ${clientId}/${change.release.id}`);
      throw error;
    }
    const saved = await this.get(clientId, change.release.id);
    if (!saved) throw new VersionConflictError(`release ${clientId}/${change.release.id}`);
    return saved;
  }
}

function stored(entity: Readonly<Record<string, unknown>> & { etag: string }): StoredRelease {
  return { release: fromJsonColumns<MaintenanceRelease>(entity), version: entity.etag };
}
