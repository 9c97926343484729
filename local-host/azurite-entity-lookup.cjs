'use strict';
/**
 * A point look-up by PartitionKey and RowKey in Azurite's table store that costs what it costs in
 * Azure Table Storage: about the same however large the partition or the table.
 *
 * Why: Azurite (LokiJS) finds the entity of every insert, update, merge, delete and point read with
 * `collection.findOne({ PartitionKey, RowKey })`. LokiJS uses the binary index of the FIRST property
 * only and scans every match of it for the second. In Azurite 3.35 that first property is the
 * PartitionKey, so each write into a client's partition scans the whole partition: a client with
 * 4,000 tickets made every create about 1 ms slower than the first. Azurite 3.37 swapped the order
 * (RowKey first), but needs Node 22, and that order scans every partition instead when a RowKey
 * repeats across partitions (the Durable instance store's `instance` row, one per orchestration).
 *
 * Here both indexes are searched (two binary searches) and the smaller range is scanned. The result is
 * the same entity LokiJS would return: at most one entity has a given pair of keys, and every
 * candidate is compared with `===` on both keys.
 *
 * Limit: LokiJS compares numeric-looking strings as numbers ("10" = "010"), so a look-up of such a key
 * goes through LokiJS's own `findOne`. This project's keys all carry a non-numeric prefix or are hashes.
 */

const lookupKeys = ['PartitionKey', 'RowKey'];

/** Only an exact `{ PartitionKey: string, RowKey: string }` query on a collection indexing both. */
function isPointLookup(collection, query) {
  if (query === null || typeof query !== 'object') return false;
  const keys = Object.keys(query);
  if (keys.length !== 2 || !lookupKeys.every((key) => keys.includes(key))) return false;
  if (!lookupKeys.every((key) => typeof query[key] === 'string' && Number.isNaN(Number(query[key])))) return false;
  return collection.cloneObjects !== true && lookupKeys.every((key) => collection.binaryIndices[key] !== undefined);
}

/**
 * Where the entity can be: the index (PartitionKey or RowKey) whose range of equal keys is shorter, and
 * that range, as positions in the index's `values`.
 */
function lookupRange(collection, query) {
  // As LokiJS's own find does: a lazily maintained index is rebuilt before it is searched.
  if (collection.adaptiveBinaryIndices !== true) for (const key of lookupKeys) collection.ensureIndex(key);
  const [byPartition, byRow] = lookupKeys.map((key) => collection.calculateRange('$eq', key, query[key]));
  return byRow[1] - byRow[0] <= byPartition[1] - byPartition[0]
    ? { key: 'RowKey', first: byRow[0], last: byRow[1] }
    : { key: 'PartitionKey', first: byPartition[0], last: byPartition[1] };
}

function pointLookup(collection, query) {
  if (collection.data.length === 0) return null;
  const { key, first, last } = lookupRange(collection, query);
  const positions = collection.binaryIndices[key].values;
  for (let i = first; i <= last; i++) {
    const doc = collection.data[positions[i]];
    if (doc.PartitionKey === query.PartitionKey && doc.RowKey === query.RowKey) return doc;
  }
  return null;
}

/** Replaces `findOne` of LokiJS's Collection for point look-ups; every other query goes through as it was. */
function installEntityLookup(loki) {
  const collectionPrototype = loki.Collection.prototype;
  if (collectionPrototype.findOne.entityLookupInstalled) return;
  const lokiFindOne = collectionPrototype.findOne;
  const findOne = function findOne(query) {
    return isPointLookup(this, query) ? pointLookup(this, query) : lokiFindOne.call(this, query);
  };
  findOne.entityLookupInstalled = true;
  findOne.lokiFindOne = lokiFindOne;
  collectionPrototype.findOne = findOne;
}

module.exports = { installEntityLookup, isPointLookup, lookupRange };
