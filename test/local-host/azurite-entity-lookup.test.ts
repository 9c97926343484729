import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  requireFromAzurite as fromAzurite,
  requireLocalHost,
  type AzuriteDoc as Doc,
} from '../support/azurite-modules';

interface Collection {
  data: Doc[];
  findOne(query: object): Doc | null;
  insert(doc: Doc): Doc;
  update(doc: Doc): Doc;
  remove(doc: Doc): void;
}
interface Loki {
  addCollection(name: string, options: object): Collection;
}
type LokiConstructor = (new (name: string) => Loki) & {
  Collection: {
    prototype: { findOne: ((query: object) => Doc | null) & { lokiFindOne?: (query: object) => Doc | null } };
  };
};
interface EntityLookup {
  installEntityLookup(loki: LokiConstructor): void;
  isPointLookup(collection: Collection, query: object): boolean;
  lookupRange(
    collection: Collection,
    query: { PartitionKey: string; RowKey: string },
  ): { key: string; first: number; last: number };
}

const Loki = fromAzurite('lokijs') as LokiConstructor;
const lookup = requireLocalHost('azurite-entity-lookup.cjs') as EntityLookup;
lookup.installEntityLookup(Loki);
const lokiFindOne = Loki.Collection.prototype.findOne.lokiFindOne!;

let collections = 0;
/** A collection as Azurite makes one per table. */
function entityCollection(options: object = {}): Collection {
  return new Loki(`lookup-${collections++}.db`).addCollection('entities', {
    indices: ['PartitionKey', 'RowKey'],
    ...options,
  });
}

// Keys as this project writes them: never numeric-looking, often shared between partitions.
const partitionKey = fc.constantFrom(
  'acme',
  'globex',
  'sla-acme-1',
  'sla-acme-2',
  'sla-globex-10',
  'clients',
  'a',
  'b|c',
);
const rowKey = fc.constantFrom(
  'instance',
  'counter',
  't|0000000001',
  't|0000000002',
  't|0000000002|e|000001',
  'o|0000000001',
  'h-1-000001',
  'q|b|x',
  'client',
);
const operation = fc.record({
  kind: fc.constantFrom('insert', 'update', 'remove'),
  PartitionKey: partitionKey,
  RowKey: rowKey,
  value: fc.integer(),
});

describe('Azurite point look-up by PartitionKey and RowKey', () => {
  it.each([{}, { adaptiveBinaryIndices: false }])(
    'finds exactly what LokiJS finds, after any inserts, updates and removes (%o)',
    (options) => {
      fc.assert(
        fc.property(
          fc.array(operation, { maxLength: 60 }),
          fc.array(fc.record({ PartitionKey: partitionKey, RowKey: rowKey }), { minLength: 1, maxLength: 20 }),
          (operations, queries) => {
            const collection = entityCollection(options);
            for (const { kind, PartitionKey, RowKey, value } of operations) {
              // Azurite's own pattern: find the entity first, then insert, update or remove it.
              const existing = lokiFindOne.call(collection, { PartitionKey, RowKey });
              if (kind === 'insert' && !existing) collection.insert({ PartitionKey, RowKey, properties: { value } });
              if (kind === 'update' && existing) collection.update(Object.assign(existing, { properties: { value } }));
              if (kind === 'remove' && existing) collection.remove(existing);
            }
            for (const query of queries) {
              const expected = lokiFindOne.call(collection, { ...query });
              const found = collection.findOne({ ...query });
              expect(found).toBe(expected);
              if (found) expect([found.PartitionKey, found.RowKey]).toEqual([query.PartitionKey, query.RowKey]);
            }
          },
        ),
        { numRuns: 300 },
      );
    },
  );

  it('scans one entity, not the partition, when a partition is large', () => {
    const collection = entityCollection();
    for (let n = 1; n <= 3000; n++)
      collection.insert({ PartitionKey: 'acme', RowKey: `t|${String(n).padStart(10, '0')}`, properties: {} });
    const range = lookup.lookupRange(collection, { PartitionKey: 'acme', RowKey: 't|0000001500' });
    expect(range.key).toBe('RowKey');
    expect(range.last - range.first + 1).toBe(1);
    expect(collection.findOne({ PartitionKey: 'acme', RowKey: 't|0000001500' })?.RowKey).toBe('t|0000001500');
  });

  it('scans the partition, not every partition, when a RowKey repeats across partitions', () => {
    const collection = entityCollection();
    for (let n = 1; n <= 2000; n++) {
      collection.insert({ PartitionKey: `sla-acme-${n}`, RowKey: 'instance', properties: {} });
      collection.insert({ PartitionKey: `sla-acme-${n}`, RowKey: 'h-1-000001', properties: {} });
    }
    const range = lookup.lookupRange(collection, { PartitionKey: 'sla-acme-700', RowKey: 'instance' });
    expect(range.key).toBe('PartitionKey');
    expect(range.last - range.first + 1).toBe(2);
    expect(collection.findOne({ PartitionKey: 'sla-acme-700', RowKey: 'instance' })?.PartitionKey).toBe('sla-acme-700');
    expect(collection.findOne({ PartitionKey: 'sla-acme-2001', RowKey: 'instance' })).toBeNull();
  });

  it('leaves numeric-looking keys and every other query to LokiJS', () => {
    const collection = entityCollection();
    collection.insert({ PartitionKey: 'acme', RowKey: '10', properties: {} });
    expect(lookup.isPointLookup(collection, { PartitionKey: 'acme', RowKey: '10' })).toBe(false);
    expect(lookup.isPointLookup(collection, { PartitionKey: 'acme', RowKey: 'x', properties: {} })).toBe(false);
    expect(lookup.isPointLookup(collection, { PartitionKey: 'acme' })).toBe(false);
    expect(lookup.isPointLookup(collection, { PartitionKey: 'acme', RowKey: 'x' })).toBe(true);
    expect(collection.findOne({ PartitionKey: 'acme', RowKey: '10' })?.RowKey).toBe('10');
    expect(collection.findOne({ PartitionKey: 'acme' })?.RowKey).toBe('10');
  });

  it('is installed once however often the launcher asks', () => {
    const installed = Loki.Collection.prototype.findOne;
    lookup.installEntityLookup(Loki);
    expect(Loki.Collection.prototype.findOne).toBe(installed);
  });
});
