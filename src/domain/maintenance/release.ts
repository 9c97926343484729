import { DomainError } from '../domain-error';

/**
 * A maintenance release's life (docs/product-spec.md §10, docs/maintenance-plan.md):
 * draft → proposed (approvers e-mailed) → approved | queried (back to the lead, who edits and proposes
 * again) → done (release notes e-mailed). An approved release whose window or items change is proposed
 * again and needs a new approval.
 */
export const releaseStatuses = ['draft', 'proposed', 'approved', 'queried', 'done'] as const;
export type ReleaseStatus = (typeof releaseStatuses)[number];

/** When the work happens: local date-times (`YYYY-MM-DDTHH:mm`) in the client's timezone. */
export interface ReleaseWindow {
  readonly start: string;
  readonly end: string;
}

/** One approver's answer to one proposal. */
export interface ReleaseDecision {
  readonly decision: 'approved' | 'queried';
  readonly by: string;
  readonly at: string;
  readonly comment?: string;
  /** The proposal answered (1 for the first). */
  readonly round: number;
}

export interface MaintenanceRelease {
  readonly id: string;
  readonly clientId: string;
  readonly title: string;
  readonly window: ReleaseWindow;
  /** Maintenance items of the client, in the order the lead listed them. */
  readonly itemIds: readonly string[];
  /** Release notes, as sent to the approvers and requesters when it is done. */
  readonly notes: string;
  readonly status: ReleaseStatus;
  /** How many times it has been proposed; each proposal is answered anew. */
  readonly round: number;
  readonly decisions: readonly ReleaseDecision[];
  /** The release's `maintenance` ticket, raised at its first approval; time is logged there. */
  readonly ticketId?: string;
  readonly completedAt?: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** What a change of a release records; each becomes a `maintenance.release-*` event of the catalogue. */
export type ReleaseChange =
  | { readonly type: 'maintenance.release-proposed'; readonly round: number; readonly reproposal: boolean }
  | { readonly type: 'maintenance.release-approved'; readonly round: number; readonly comment?: string }
  | { readonly type: 'maintenance.release-queried'; readonly round: number; readonly comment: string }
  | { readonly type: 'maintenance.release-completed'; readonly notes: string };

export interface ReleaseOutcome {
  readonly release: MaintenanceRelease;
  readonly changes: readonly ReleaseChange[];
}

export interface ReleaseDraft {
  readonly title: string;
  readonly window: ReleaseWindow;
  readonly itemIds: readonly string[];
  readonly notes?: string;
}

export interface ReleaseEdit {
  readonly title?: string;
  readonly window?: ReleaseWindow;
  readonly itemIds?: readonly string[];
  readonly notes?: string;
}

const localDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** Why a window is unusable, or undefined. Local date-times compare as text. */
export function windowProblem(window: ReleaseWindow): { field: string; message: string } | undefined {
  if (!localDateTime.test(window.start)) return { field: 'window.start', message: 'must be YYYY-MM-DDTHH:mm' };
  if (!localDateTime.test(window.end)) return { field: 'window.end', message: 'must be YYYY-MM-DDTHH:mm' };
  if (window.end <= window.start) return { field: 'window.end', message: 'must be after window.start' };
  return undefined;
}

export function newRelease(
  id: string,
  clientId: string,
  draft: ReleaseDraft,
  by: string,
  at: string,
): MaintenanceRelease {
  assertWindow(draft.window);
  assertItems(draft.itemIds);
  return {
    id,
    clientId,
    title: draft.title,
    window: draft.window,
    itemIds: [...draft.itemIds],
    notes: draft.notes ?? '',
    status: 'draft',
    round: 0,
    decisions: [],
    createdAt: at,
    createdBy: by,
    updatedAt: at,
    updatedBy: by,
  };
}

/**
 * The lead edits a release not yet done. Changing the window or the items of a release that was
 * proposed or approved proposes it again (a new round: the approvers are asked again, an earlier
 * approval no longer counts); the title and notes change without that.
 */
export function editRelease(release: MaintenanceRelease, edit: ReleaseEdit, by: string, at: string): ReleaseOutcome {
  if (release.status === 'done') throw new DomainError('conflict', `Release ${release.id} is done.`, 'status');
  if (edit.window) assertWindow(edit.window);
  if (edit.itemIds) assertItems(edit.itemIds);
  const window = edit.window ?? release.window;
  const itemIds = edit.itemIds ?? release.itemIds;
  const planChanged =
    window.start !== release.window.start ||
    window.end !== release.window.end ||
    itemIds.length !== release.itemIds.length ||
    itemIds.some((id, i) => id !== release.itemIds[i]);
  const edited: MaintenanceRelease = {
    ...release,
    title: edit.title ?? release.title,
    notes: edit.notes ?? release.notes,
    window,
    itemIds: [...itemIds],
    updatedAt: at,
    updatedBy: by,
  };
  if (planChanged && (release.status === 'proposed' || release.status === 'approved')) {
    const round = release.round + 1;
    return {
      release: { ...edited, status: 'proposed', round },
      changes: [{ type: 'maintenance.release-proposed', round, reproposal: true }],
    };
  }
  return { release: edited, changes: [] };
}

/** The lead proposes a draft, or a queried release after editing it. */
export function proposeRelease(release: MaintenanceRelease, by: string, at: string): ReleaseOutcome {
  if (release.status !== 'draft' && release.status !== 'queried')
    throw new DomainError(
      'conflict',
      `Release ${release.id} is ${release.status}; only a draft or a queried release is proposed.`,
      'status',
    );
  assertItems(release.itemIds);
  const round = release.round + 1;
  return {
    release: { ...release, status: 'proposed', round, updatedAt: at, updatedBy: by },
    changes: [{ type: 'maintenance.release-proposed', round, reproposal: release.round > 0 }],
  };
}

/** An approver approves the proposal. */
export function approveRelease(
  release: MaintenanceRelease,
  by: string,
  at: string,
  comment: string | undefined,
): ReleaseOutcome {
  assertProposed(release, 'approved');
  const decision: ReleaseDecision = {
    decision: 'approved',
    by,
    at,
    round: release.round,
    ...(comment ? { comment } : {}),
  };
  return {
    release: {
      ...release,
      status: 'approved',
      decisions: [...release.decisions, decision],
      updatedAt: at,
      updatedBy: by,
    },
    changes: [{ type: 'maintenance.release-approved', round: release.round, ...(comment ? { comment } : {}) }],
  };
}

/** An approver queries the proposal: it goes back to the lead with the comment. */
export function queryRelease(release: MaintenanceRelease, by: string, at: string, comment: string): ReleaseOutcome {
  assertProposed(release, 'queried');
  if (comment.trim() === '') throw new DomainError('invalid', 'A query says what should change.', 'comment');
  const decision: ReleaseDecision = { decision: 'queried', by, at, comment, round: release.round };
  return {
    release: {
      ...release,
      status: 'queried',
      decisions: [...release.decisions, decision],
      updatedAt: at,
      updatedBy: by,
    },
    changes: [{ type: 'maintenance.release-queried', round: release.round, comment }],
  };
}

/** The lead completes an approved release; its notes are what the approvers and requesters receive. */
export function completeRelease(
  release: MaintenanceRelease,
  notes: string | undefined,
  by: string,
  at: string,
): ReleaseOutcome {
  if (release.status !== 'approved')
    throw new DomainError(
      'conflict',
      `Release ${release.id} is ${release.status}; only an approved release is completed.`,
      'status',
    );
  const finalNotes = notes ?? release.notes;
  if (finalNotes.trim() === '') throw new DomainError('invalid', 'A completed release has release notes.', 'notes');
  return {
    release: { ...release, status: 'done', notes: finalNotes, completedAt: at, updatedAt: at, updatedBy: by },
    changes: [{ type: 'maintenance.release-completed', notes: finalNotes }],
  };
}

/** Releases that hold their items: an item is in at most one of these at a time. */
export const isOpenRelease = (release: MaintenanceRelease): boolean => release.status !== 'done';

function assertProposed(release: MaintenanceRelease, decision: string): void {
  if (release.status !== 'proposed')
    throw new DomainError(
      'conflict',
      `Release ${release.id} is ${release.status}; only a proposed release is ${decision}.`,
      'status',
    );
}

function assertWindow(window: ReleaseWindow): void {
  const problem = windowProblem(window);
  if (problem) throw new DomainError('invalid', `${problem.field} ${problem.message}`, problem.field);
}

function assertItems(itemIds: readonly string[]): void {
  if (itemIds.length === 0) throw new DomainError('invalid', 'A release holds at least one item.', 'itemIds');
  if (new Set(itemIds).size !== itemIds.length) throw new DomainError('invalid', 'An item is listed twice.', 'itemIds');
}
