import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requireFromAzurite as fromAzurite, requireLocalHost, type AzuriteDoc } from '../support/azurite-modules';
import { useTicketsTable } from '../support/tickets-table';

interface Doc extends AzuriteDoc {
  eTag?: string;
  lastModifiedTime?: string;
  $loki?: number;
}
interface Collection {
  data: Doc[];
  findOne(query: object): Doc | null;
  find(query: object): Doc[];
  insert(doc: Doc): Doc;
  remove(doc: Doc): void;
  checkAllIndexes(options: object): string[];
}
interface CollectionPrototype {
  insert(this: Collection, doc: Doc): Doc;
  remove(this: Collection, doc: Doc): void;
}
type LokiConstructor = (new (name: string) => { addCollection(name: string, options: object): Collection }) & {
  Collection: { prototype: CollectionPrototype };
};
type Update = (
  this: object,
  context: object,
  table: string,
  account: string,
  entity: Doc,
  ifMatch: string | undefined,
  batchId: string,
) => Promise<Doc>;
interface StorePrototype {
  updateTableEntity: Update;
  encodeIfMatch: (this: void, etag: string | undefined) => string | undefined;
}

const Loki = fromAzurite('lokijs') as LokiConstructor;
const Store = (
  fromAzurite('./dist/src/table/persistence/LokiTableMetadataStore.js') as { default: { prototype: StorePrototype } }
).default;
const { installEntityReplace } = requireLocalHost('azurite-entity-replace.cjs') as {
  installEntityReplace: (store: { updateTableEntity: Update }, collection: CollectionPrototype) => void;
};

/** Azurite's own update, and the same update with the replacement in place, over a counting LokiJS. */
const calls = { remove: 0, insert: 0 };
const countingCollection: CollectionPrototype = {
  insert(doc) {
    calls.insert++;
    return Loki.Collection.prototype.insert.call(this, doc);
  },
  remove(doc) {
    calls.remove++;
    Loki.Collection.prototype.remove.call(this, doc);
  },
};
const azuriteUpdate = Store.prototype.updateTableEntity;
const patched = { updateTableEntity: azuriteUpdate };
installEntityReplace(patched, countingCollection);

let collections = 0;
/** A collection as Azurite makes one per table, and the part of Azurite's store its update uses. */
function table() {
  const collection = new Loki(`replace-${collections++}.db`).addCollection('entities', {
    indices: ['PartitionKey', 'RowKey'],
  });
  const store = {
    getEntityCollection: () => collection,
    encodeIfMatch: Store.prototype.encodeIfMatch,
    transactionRollbackTheseEntities: [] as Doc[],
  };
  return {
    collection,
    update: (update: Update, entity: Doc, ifMatch?: string) =>
      update.call(store, {}, 'entities', 'devstoreaccount1', entity, ifMatch, ''),
  };
}
const entity = (PartitionKey: string, RowKey: string, value: unknown, eTag = `W/"${String(value)}"`): Doc => ({
  PartitionKey,
  RowKey,
  properties: { value },
  eTag,
  lastModifiedTime: '2026-12-02T09:00:00.000Z',
});

describe('Azurite replacing an entity in place', () => {
  it('puts the new entity in the old one’s place: nothing removed, both key indexes still right', async () => {
    const { collection, update } = table();
    for (let i = 0; i < 50; i++) collection.insert(entity(`p${i % 3}`, `r${i}`, i));
    const position = collection.data.findIndex((d) => d.RowKey === 'r10');
    calls.remove = 0;
    calls.insert = 0;
    await update(patched.updateTableEntity, entity('p1', 'r10', 'new'), '*');
    expect(calls).toEqual({ remove: 0, insert: 0 });
    expect(collection.data).toHaveLength(50);
    expect(collection.data[position]?.properties.value).toBe('new');
    expect(collection.findOne({ PartitionKey: 'p1', RowKey: 'r10' })?.properties.value).toBe('new');
    expect(collection.find({ PartitionKey: 'p1' })).toHaveLength(17);
    expect(collection.checkAllIndexes({ randomSampling: false, repair: false })).toEqual([]);
  });

  it('leaves Azurite’s checks as they were: a stale ETag is refused and changes nothing', async () => {
    const { collection, update } = table();
    collection.insert(entity('p', 'r', 1, 'W/"one"'));
    await expect(update(patched.updateTableEntity, entity('p', 'r', 2), 'W/"other"')).rejects.toMatchObject({
      statusCode: 412,
    });
    expect(collection.findOne({ PartitionKey: 'p', RowKey: 'r' })?.properties.value).toBe(1);
    await update(patched.updateTableEntity, entity('p', 'r', 3), 'W/"one"');
    expect(collection.findOne({ PartitionKey: 'p', RowKey: 'r' })?.properties.value).toBe(3);
  });

  it('ends in the same state as Azurite’s remove-and-insert for any inserts, replaces and removes (fast-check)', async () => {
    const key = fc.record({
      PartitionKey: fc.constantFrom('a', 'b', 'c'),
      RowKey: fc.constantFrom('1', '2', '3', '4', 'x|y', 'zz'),
    });
    const operation = fc.tuple(fc.constantFrom('insert', 'replace', 'remove'), key, fc.integer());
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 60 }), async (operations) => {
        const ours = table();
        const theirs = table();
        for (const [kind, { PartitionKey, RowKey }, value] of operations) {
          for (const side of [ours, theirs]) {
            const found = side.collection.findOne({ PartitionKey, RowKey });
            if (kind === 'insert' && !found) side.collection.insert(entity(PartitionKey, RowKey, value));
            if (kind === 'replace' && found)
              await side.update(
                side === ours ? patched.updateTableEntity : azuriteUpdate,
                entity(PartitionKey, RowKey, value),
                '*',
              );
            if (kind === 'remove' && found) side.collection.remove(found);
          }
        }
        const state = (side: ReturnType<typeof table>) =>
          ['a', 'b', 'c']
            .flatMap((p) =>
              side.collection
                .find({ PartitionKey: p })
                .map((d) => `${d.PartitionKey}/${d.RowKey}=${String(d.properties.value)}`),
            )
            .sort();
        expect(state(ours)).toEqual(state(theirs));
        for (const r of ['1', '2', '3', '4', 'x|y', 'zz'])
          expect(ours.collection.find({ RowKey: r }).length).toBe(theirs.collection.find({ RowKey: r }).length);
        expect(ours.collection.checkAllIndexes({ randomSampling: false, repair: false })).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('replaces on the Azurite the local host starts', () => {
  const tickets = useTicketsTable();

  it('keep ETags, conditional updates, upserts, queries and transaction rollback as Azure has them', async () => {
    const client = tickets.table();
    for (let i = 0; i < 20; i++)
      await client.createEntity({ partitionKey: 'p', rowKey: `r${String(i).padStart(2, '0')}`, n: i });
    const before = await client.getEntity<{ n: number }>('p', 'r05');
    await client.updateEntity({ partitionKey: 'p', rowKey: 'r05', n: 105 }, 'Replace', { etag: before.etag });
    const after = await client.getEntity<{ n: number }>('p', 'r05');
    expect([after.n, after.etag === before.etag]).toEqual([105, false]);
    await expect(
      client.updateEntity({ partitionKey: 'p', rowKey: 'r05', n: 0 }, 'Replace', { etag: before.etag }),
    ).rejects.toMatchObject({ statusCode: 412 });
    await client.upsertEntity({ partitionKey: 'p', rowKey: 'r06', m: 'only' }, 'Replace');
    expect(await client.getEntity('p', 'r06')).not.toHaveProperty('n');

    // A transaction that replaces and then fails leaves the old entity.
    await expect(
      client.submitTransaction([
        ['update', { partitionKey: 'p', rowKey: 'r07', n: 107 }, 'Replace'],
        ['create', { partitionKey: 'p', rowKey: 'r08', n: 0 }],
      ]),
    ).rejects.toMatchObject({ statusCode: 409 });
    expect((await client.getEntity<{ n: number }>('p', 'r07')).n).toBe(7);

    const listed: string[] = [];
    for await (const e of client.listEntities<{ n?: number }>({ queryOptions: { filter: "PartitionKey eq 'p'" } }))
      listed.push(`${e.rowKey}:${e.n ?? '-'}`);
    expect(listed).toEqual(
      Array.from({ length: 20 }, (_, i) => `r${String(i).padStart(2, '0')}:${i === 5 ? 105 : i === 6 ? '-' : i}`),
    );
  });
});
