import type { CloudEvent } from '../domain/events/cloud-event';
import type { MaintenanceRelease } from '../domain/maintenance/release';

export interface StoredRelease {
  readonly release: MaintenanceRelease;
  readonly version: string;
}

/** A client's maintenance plan counters: release numbers and the sequence of its release events. */
export interface ReleasePlan {
  readonly releaseCount: number;
  readonly eventCount: number;
  /** Opaque storage version; undefined before the client's first release. */
  readonly version?: string;
}

/** One change of a release: the release written over what was read, with its events, together. */
export interface ReleaseCommit {
  readonly clientId: string;
  /** The plan as read, and the counters after this change. */
  readonly plan: ReleasePlan;
  readonly nextPlan: { readonly releaseCount: number; readonly eventCount: number };
  readonly release: MaintenanceRelease;
  /** The release's version as read; undefined for a new release. */
  readonly previousVersion?: string;
  /** Events numbered `plan.eventCount + 1…` as CloudEvents, written to the outbox in the same transaction. */
  readonly events: readonly { readonly seq: number; readonly event: CloudEvent }[];
}

/**
 * Maintenance releases (docs/maintenance-plan.md). A change, the plan's counters and the change's
 * events commit in one transaction; VersionConflictError when the plan or the release moved since read.
 */
export interface MaintenanceReleaseStore {
  plan(clientId: string): Promise<ReleasePlan>;
  get(clientId: string, releaseId: string): Promise<StoredRelease | undefined>;
  list(clientId: string): Promise<StoredRelease[]>;
  commit(change: ReleaseCommit): Promise<StoredRelease>;
}

/** Told after a release change commits, so its events are published now (the outbox sweep is the fallback). */
export interface MaintenancePlanListener {
  maintenancePlanChanged(clientId: string): Promise<void>;
}
