import { randomUUID } from 'node:crypto';
import { odata, type TableEntity, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import type { Clock } from '../../ports/clock';
import { systemClock } from '../../ports/clock';
import type {
  ClaimOptions,
  LaneHead,
  LaneLease,
  LaneRef,
  Versioned,
  WebhookDelivery,
  WebhookDeliveryStore,
} from '../../ports/webhook-delivery-store';
import { fromJsonColumns, toJsonColumns } from './json-columns';
import type { LazyTable } from './notification-tables';
import { isStatus } from './table-clients';
import { submitTransaction } from './table-transaction';

/**
 * Table `webhookdeliveries`, one partition per client:
 * - `lane|{webhookKey}|{lane}`: the lane head (next position, gap timer) and its lease;
 * - `item|{webhookKey}|{lane}|{position}`: one delivery, the event it carries and its attempts.
 * A delivery and its lane head share a partition, so "sent" and "the lane moved on" commit together.
 * Partition `~due` (not a client slug) indexes lanes that have work, by when: the retry sweep reads that
 * one partition instead of scanning every client's.
 *
 * Leases are timed by the real clock whatever clock the app runs on: they guard against two processes
 * sending at once, which happens in real time even when the app's time is virtual.
 */
export class TableWebhookDeliveries implements WebhookDeliveryStore {
  constructor(
    private readonly table: LazyTable,
    private readonly realClock: Clock = systemClock,
  ) {}

  async record(deliveries: readonly WebhookDelivery[]): Promise<void> {
    const table = await this.table.ready();
    await Promise.all(
      deliveries.map(async (delivery) => {
        try {
          await table.createEntity(deliveryEntity(delivery));
        } catch (error) {
          if (!isStatus(error, 409)) throw error;
        }
      }),
    );
  }

  async markDue(lane: LaneRef, at: Date): Promise<void> {
    const table = await this.table.ready();
    await table.upsertEntity(
      { partitionKey: duePartition, rowKey: dueKey(lane), ...laneColumns(lane), dueAt: at.toISOString() },
      'Replace',
    );
  }

  async dueLanes(now: Date, limit: number): Promise<LaneRef[]> {
    const table = await this.table.ready();
    const lanes: LaneRef[] = [];
    const filter = `PartitionKey eq '${duePartition}' and dueAt le '${now.toISOString()}'`;
    for await (const entity of table.listEntities<LaneColumns>({ queryOptions: { filter } })) {
      lanes.push({ clientId: entity.clientId, webhookKey: entity.webhookKey, lane: entity.lane });
      if (lanes.length >= limit) break;
    }
    return lanes;
  }

  async claimLane(lane: LaneRef, leaseMs: number, options: ClaimOptions = {}): Promise<LaneLease | undefined> {
    const table = await this.table.ready();
    const now = this.realClock.now();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    const rowKey = headKey(lane);
    const create = async (): Promise<LaneLease | undefined> => {
      const head: LaneHead = { nextPosition: 1 };
      const indexed = options.indexed ?? false;
      try {
        const created = await table.createEntity({
          partitionKey: lane.clientId,
          rowKey,
          ...headColumns(head, indexed),
          leaseUntil: until,
          leaseId: randomUUID(),
        });
        return { lane, head, version: created.etag ?? '', indexed };
      } catch (error) {
        if (isStatus(error, 409)) return undefined;
        throw error;
      }
    };
    // A lane's first event usually finds no head: creating it at once saves the read.
    if (options.fresh) {
      const created = await create();
      if (created) return created;
    }
    // Not a retry on conflict: a lease already held, or taken under our feet (412), means "not ours now"
    // and answers undefined at once; only a head created by someone between our read and our create
    // (409) is read again, and a few tries are plenty for that.
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.#readHead(lane);
      if (!current) {
        const created = await create();
        if (created) return created;
        continue;
      }
      if (current.leaseUntil && current.leaseUntil > now.toISOString()) return undefined;
      const head = headOf(current);
      const indexed = (options.indexed ?? false) || current.dueIndexed === true;
      try {
        const updated = await table.updateEntity(
          {
            partitionKey: lane.clientId,
            rowKey,
            ...headColumns(head, indexed),
            leaseUntil: until,
            leaseId: randomUUID(),
          },
          'Replace',
          { etag: current.etag },
        );
        return { lane, head, version: updated.etag ?? '', indexed };
      } catch (error) {
        if (isStatus(error, 412)) return undefined;
        throw error;
      }
    }
    return undefined;
  }

  async laneDeliveries(lane: LaneRef): Promise<WebhookDelivery[]> {
    const table = await this.table.ready();
    const prefix = `item|${lane.webhookKey}|${lane.lane}|`;
    const filter = odata`PartitionKey eq ${lane.clientId} and RowKey ge ${prefix} and RowKey lt ${`${prefix.slice(0, -1)}}`}`;
    const deliveries: WebhookDelivery[] = [];
    for await (const entity of table.listEntities({ queryOptions: { filter } }))
      deliveries.push(fromJsonColumns<WebhookDelivery>(entity));
    return deliveries.sort((a, b) => a.position - b.position);
  }

  async saveUnderLease(
    lease: LaneLease,
    delivery: WebhookDelivery,
    head: LaneHead,
    leaseMs: number,
  ): Promise<LaneLease | undefined> {
    const table = await this.table.ready();
    const until = new Date(this.realClock.now().getTime() + leaseMs).toISOString();
    const actions: TransactionAction[] = [
      [
        'update',
        {
          partitionKey: lease.lane.clientId,
          rowKey: headKey(lease.lane),
          ...headColumns(head, lease.indexed),
          leaseUntil: until,
          leaseId: randomUUID(),
        },
        'Replace',
        { etag: lease.version },
      ],
      ['upsert', deliveryEntity(delivery), 'Replace'],
    ];
    try {
      const response = await submitTransaction(table, actions);
      return { lane: lease.lane, head, version: response.subResponses[0]?.etag ?? '', indexed: lease.indexed };
    } catch (error) {
      if (isStatus(error, 412, 404)) return undefined;
      throw error;
    }
  }

  async releaseLane(lease: LaneLease, head: LaneHead, dueAt: Date | undefined, last?: WebhookDelivery): Promise<void> {
    const table = await this.table.ready();
    if (dueAt) await this.markDue(lease.lane, dueAt);
    // Whether the due index holds the lane after this release: it does when work is left (just marked).
    const indexed = dueAt !== undefined;
    const released = {
      partitionKey: lease.lane.clientId,
      rowKey: headKey(lease.lane),
      ...headColumns(head, indexed),
      leaseUntil: '',
      leaseId: '',
    };
    try {
      if (last) {
        await submitTransaction(table, [
          ['update', released, 'Replace', { etag: lease.version }],
          ['upsert', deliveryEntity(last), 'Replace'],
        ]);
      } else {
        await table.updateEntity(released, 'Replace', { etag: lease.version });
      }
    } catch (error) {
      // The lease ran out and someone else holds the lane now: the head is theirs to record.
      if (isStatus(error, 412, 404)) return;
      throw error;
    }
    // Only a lane the index may hold is taken off it: most lanes never were on it.
    if (!dueAt && lease.indexed) {
      try {
        await table.deleteEntity(duePartition, dueKey(lease.lane));
      } catch (error) {
        if (!isStatus(error, 404)) throw error;
      }
    }
  }

  async dead(clientId: string | undefined, limit: number): Promise<WebhookDelivery[]> {
    const table = await this.table.ready();
    const conditions = ["RowKey ge 'item|' and RowKey lt 'item}' and state eq 'dead'"];
    if (clientId) conditions.unshift(odata`PartitionKey eq ${clientId}`);
    const deliveries: WebhookDelivery[] = [];
    for await (const entity of table.listEntities({ queryOptions: { filter: conditions.join(' and ') } })) {
      deliveries.push(fromJsonColumns<WebhookDelivery>(entity));
      if (deliveries.length >= limit) break;
    }
    return deliveries.sort((a, b) => (a.settledAt ?? '').localeCompare(b.settledAt ?? ''));
  }

  async find(lane: LaneRef, position: number): Promise<Versioned<WebhookDelivery> | undefined> {
    const table = await this.table.ready();
    try {
      const entity = await table.getEntity(lane.clientId, itemKey(lane, position));
      return { value: fromJsonColumns<WebhookDelivery>(entity), version: entity.etag };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async replace(delivery: WebhookDelivery, version: string): Promise<string | undefined> {
    const table = await this.table.ready();
    try {
      const response = await table.updateEntity(deliveryEntity(delivery), 'Replace', { etag: version });
      return response.etag;
    } catch (error) {
      if (isStatus(error, 412, 404)) return undefined;
      throw error;
    }
  }

  async #readHead(lane: LaneRef): Promise<TableEntityResult<HeadColumns> | undefined> {
    const table = await this.table.ready();
    try {
      return await table.getEntity<HeadColumns>(lane.clientId, headKey(lane));
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }
}

const duePartition = '~due';
const pad = (n: number): string => String(n).padStart(10, '0');
const headKey = (lane: LaneRef): string => `lane|${lane.webhookKey}|${lane.lane}`;
const itemKey = (lane: LaneRef, position: number): string => `item|${lane.webhookKey}|${lane.lane}|${pad(position)}`;
const dueKey = (lane: LaneRef): string => `${lane.clientId}|${lane.webhookKey}|${lane.lane}`;

interface LaneColumns {
  clientId: string;
  webhookKey: string;
  lane: string;
}

interface HeadColumns {
  nextPosition: number;
  gapSince: string;
  leaseUntil: string;
  leaseId: string;
  /** Absent on heads written before it existed: their lanes are taken off the index by the sweep. */
  dueIndexed?: boolean;
}

const laneColumns = (lane: LaneRef): LaneColumns => ({
  clientId: lane.clientId,
  webhookKey: lane.webhookKey,
  lane: lane.lane,
});
const headColumns = (head: LaneHead, dueIndexed: boolean) => ({
  nextPosition: head.nextPosition,
  gapSince: head.gapSince ?? '',
  dueIndexed,
});
const headOf = (row: HeadColumns): LaneHead => ({
  nextPosition: row.nextPosition,
  ...(row.gapSince ? { gapSince: row.gapSince } : {}),
});

/** `state` is a column of its own so that dead deliveries can be found with a filter. */
function deliveryEntity(delivery: WebhookDelivery): TableEntity {
  return {
    partitionKey: delivery.lane.clientId,
    rowKey: itemKey(delivery.lane, delivery.position),
    state: delivery.state,
    ...toJsonColumns(delivery),
  };
}
