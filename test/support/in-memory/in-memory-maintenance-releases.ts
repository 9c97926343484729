import type { MaintenanceRelease } from '../../../src/domain/maintenance/release';
import type {
  MaintenanceReleaseStore,
  ReleaseCommit,
  ReleasePlan,
  StoredRelease,
} from '../../../src/ports/maintenance-release-store';
import { maintenanceOutboxNumber } from '../../../src/ports/outbox';
import { VersionConflictError } from '../../../src/ports/ticket-store';
import type { InMemoryOutbox } from './in-memory-ticket-store';
import { nextVersion, roundTrip } from './versions';

/**
 * As `TableMaintenanceReleases`: the plan's counters, the release and its events are written together
 * or not at all (the plan or the release moved since read: VersionConflictError), events into the
 * ticket store's outbox as "ticket" `maintenanceOutboxNumber`.
 */
export class InMemoryMaintenanceReleases implements MaintenanceReleaseStore {
  readonly #plans = new Map<string, ReleasePlan>();
  readonly #rows = new Map<string, StoredRelease>();

  constructor(private readonly outbox: InMemoryOutbox) {}

  async plan(clientId: string): Promise<ReleasePlan> {
    await roundTrip();
    return this.#plans.get(clientId) ?? { releaseCount: 0, eventCount: 0 };
  }

  async get(clientId: string, releaseId: string): Promise<StoredRelease | undefined> {
    await roundTrip();
    const row = this.#rows.get(`${clientId}|${releaseId}`);
    return row && structuredClone(row);
  }

  async list(clientId: string): Promise<StoredRelease[]> {
    await roundTrip();
    return [...this.#rows.entries()]
      .filter(([key]) => key.startsWith(`${clientId}|`))
      .map(([, row]) => structuredClone(row));
  }

  async commit(change: ReleaseCommit): Promise<StoredRelease> {
    await roundTrip();
    const key = `${change.clientId}|${change.release.id}`;
    const plan = this.#plans.get(change.clientId);
    const row = this.#rows.get(key);
    if (plan?.version !== change.plan.version || row?.version !== change.previousVersion)
      throw new VersionConflictError(`release ${key}`);
    if (change.events.some(({ seq }) => this.outbox.has(change.clientId, maintenanceOutboxNumber, seq)))
      throw new VersionConflictError(`release ${key}`);
    this.#plans.set(change.clientId, { ...change.nextPlan, version: nextVersion() });
    const saved: StoredRelease = {
      release: structuredClone<MaintenanceRelease>(change.release),
      version: nextVersion(),
    };
    this.#rows.set(key, saved);
    this.outbox.addClientEvents(change.clientId, maintenanceOutboxNumber, change.events);
    return structuredClone(saved);
  }
}
