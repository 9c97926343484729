import type { MaintenanceItem } from '../domain/maintenance/item';

export interface StoredItem {
  readonly item: MaintenanceItem;
  readonly version: string;
}

/** A client's maintenance items (docs/product-spec.md §10). */
export interface MaintenanceItemStore {
  /** Writes a new item; `false` (and nothing written) when one with its id exists. */
  add(item: MaintenanceItem): Promise<boolean>;
  get(clientId: string, itemId: string): Promise<StoredItem | undefined>;
  /** Replaces an item if it is still at `version`; VersionConflictError otherwise. */
  replace(item: MaintenanceItem, version: string): Promise<StoredItem>;
  list(clientId: string): Promise<StoredItem[]>;
  /** Whether the client's follow-ups recorded before items existed have been carried over. */
  carriedOver(clientId: string): Promise<boolean>;
  markCarriedOver(clientId: string): Promise<void>;
}
