import type { MaintenanceItem } from '../../../src/domain/maintenance/item';
import type { MaintenanceItemStore, StoredItem } from '../../../src/ports/maintenance-item-store';
import { VersionConflictError } from '../../../src/ports/ticket-store';

/** As `TableMaintenanceItems`: an existing id is not added twice; a stale version is a VersionConflictError. */
export class InMemoryMaintenanceItems implements MaintenanceItemStore {
  readonly #rows = new Map<string, { item: MaintenanceItem; version: string }>();
  readonly #carried = new Set<string>();
  #versions = 0;

  async add(item: MaintenanceItem): Promise<boolean> {
    await turn();
    const key = `${item.clientId}|${item.id}`;
    if (this.#rows.has(key)) return false;
    this.#rows.set(key, { item: structuredClone(item), version: `v${++this.#versions}` });
    return true;
  }

  async get(clientId: string, itemId: string): Promise<StoredItem | undefined> {
    await turn();
    const row = this.#rows.get(`${clientId}|${itemId}`);
    return row && { item: structuredClone(row.item), version: row.version };
  }

  async replace(item: MaintenanceItem, version: string): Promise<StoredItem> {
    await turn();
    const key = `${item.clientId}|${item.id}`;
    if (this.#rows.get(key)?.version !== version) throw new VersionConflictError(`item ${key}`);
    const next = `v${++this.#versions}`;
    this.#rows.set(key, { item: structuredClone(item), version: next });
    return { item, version: next };
  }

  async list(clientId: string): Promise<StoredItem[]> {
    await turn();
    return [...this.#rows.entries()]
      .filter(([key]) => key.startsWith(`${clientId}|`))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, row]) => ({ item: structuredClone(row.item), version: row.version }));
  }

  async carriedOver(clientId: string): Promise<boolean> {
    await turn();
    return this.#carried.has(clientId);
  }

  async markCarriedOver(clientId: string): Promise<void> {
    await turn();
    this.#carried.add(clientId);
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
