'use strict';
/**
 * An entity replaced in Azurite's table store where it is, instead of removed and inserted again.
 *
 * Why: Azurite 3.35 replaces an entity (Update with Replace, and an upsert that finds one) with LokiJS
 * `remove(doc)` and then `insert(entity)`. A LokiJS remove walks every position of both key indexes and
 * shifts the collection's arrays, so it costs in proportion to the whole table — 0.27 ms with 50,000
 * entities against 0.02 ms for an insert — and every replace got slower as the tables grew: the number
 * counter of each group of new tickets, every ticket update, the Durable engine's instance rows. A
 * replace keeps PartitionKey and RowKey, so the new entity can take the old one's place: same position
 * in the collection, same places in both key indexes, nothing else moves. Azure Table Storage never had
 * the problem; only the emulator changes.
 *
 * How: while Azurite's own `updateTableEntity` runs (synchronous up to and including the replace), the
 * collection's `remove` of the document it found is held back, and the `insert` of the new entity that
 * follows puts it in the old one's place. Azurite's own checks (existence, ETag) and its batch rollback
 * (which removes the current document and inserts a copy of the old one it kept) are untouched. A
 * collection with anything more to maintain (unique indexes, dynamic views, the changes API, cloned or
 * frozen documents, other binary indexes) gets the remove and the insert as before.
 */

/** Whether `entity` may take `doc`'s place in `collection` with nothing else to update. */
function canReplaceInPlace(collection, doc, entity) {
  return (
    collection.uniqueNames.length === 0 &&
    collection.DynamicViews.length === 0 &&
    collection.disableChangesApi !== false &&
    collection.cloneObjects !== true &&
    collection.disableFreeze !== false &&
    collection.autoupdate !== true &&
    Object.keys(collection.binaryIndices).every((key) => key === 'PartitionKey' || key === 'RowKey') &&
    typeof doc.$loki === 'number' &&
    entity.$loki === undefined &&
    doc.PartitionKey === entity.PartitionKey &&
    doc.RowKey === entity.RowKey
  );
}

/** Puts `entity` where `doc` is; false (nothing changed) when `doc` is not in the collection. */
function replaceInPlace(collection, doc, entity) {
  const found = collection.get(doc.$loki, true);
  if (!found || found[0] !== doc) return false;
  entity.$loki = doc.$loki;
  entity.meta = { ...doc.meta, updated: Date.now(), revision: (doc.meta?.revision ?? 0) + 1 };
  collection.data[found[1]] = entity;
  if (collection.isIncremental) collection.dirtyIds.push(entity.$loki);
  // What LokiJS's own writes set, so that autosave and the save at shutdown write this collection.
  collection.dirty = true;
  return true;
}

/**
 * Wraps `updateTableEntity` of Azurite's LokiTableMetadataStore so that its remove-then-insert of one
 * entity becomes a replacement in place.
 */
function installEntityReplace(storePrototype, collectionPrototype) {
  if (storePrototype.updateTableEntity.entityReplaceInstalled) return;
  const azuriteUpdate = storePrototype.updateTableEntity;
  const updateTableEntity = function updateTableEntity(context, table, account, entity, ...rest) {
    let collection;
    try {
      collection = this.getEntityCollection(account, table, context);
    } catch {
      return azuriteUpdate.call(this, context, table, account, entity, ...rest);
    }
    let held;
    collection.remove = function remove(doc) {
      if (held === undefined && canReplaceInPlace(collection, doc, entity)) {
        held = doc;
        return doc;
      }
      return collectionPrototype.remove.call(collection, doc);
    };
    collection.insert = function insert(doc) {
      if (held !== undefined && doc === entity) {
        const old = held;
        held = undefined;
        if (replaceInPlace(collection, old, doc)) return doc;
        collectionPrototype.remove.call(collection, old);
      }
      return collectionPrototype.insert.call(collection, doc);
    };
    try {
      // An async function: everything up to its end runs now (it awaits nothing), the replace included.
      return azuriteUpdate.call(this, context, table, account, entity, ...rest);
    } finally {
      delete collection.remove;
      delete collection.insert;
      // Removed but never inserted (an error in between): exactly what Azurite would have left.
      if (held !== undefined) collectionPrototype.remove.call(collection, held);
    }
  };
  updateTableEntity.entityReplaceInstalled = true;
  storePrototype.updateTableEntity = updateTableEntity;
}

module.exports = { installEntityReplace, canReplaceInPlace, replaceInPlace };
