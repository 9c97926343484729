import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/domain-error';
import {
  approveRelease,
  completeRelease,
  editRelease,
  newRelease,
  proposeRelease,
  queryRelease,
  releaseStatuses,
  type MaintenanceRelease,
  type ReleaseStatus,
} from '../../../src/domain/maintenance/release';

const at = '2027-03-01T09:00:00.000Z';
const later = '2027-03-02T09:00:00.000Z';
const window = { start: '2027-03-20T18:00', end: '2027-03-20T22:00' };
const draft = (): MaintenanceRelease =>
  newRelease('r1', 'acme', { title: 'March release', window, itemIds: ['i-1', 'i-2'] }, 'lead@desk', at);

/** Every action, applied to a release in `status` (a release in that state built by the real transitions). */
const inStatus = (status: ReleaseStatus): MaintenanceRelease => {
  const proposed = proposeRelease(draft(), 'lead@desk', at).release;
  switch (status) {
    case 'draft':
      return draft();
    case 'proposed':
      return proposed;
    case 'approved':
      return approveRelease(proposed, 'boss@acme', at, undefined).release;
    case 'queried':
      return queryRelease(proposed, 'boss@acme', at, 'Later, please').release;
    case 'done':
      return completeRelease(approveRelease(proposed, 'boss@acme', at, undefined).release, 'All done', 'lead@desk', at)
        .release;
  }
};

const actions = {
  propose: (r: MaintenanceRelease) => proposeRelease(r, 'lead@desk', later),
  approve: (r: MaintenanceRelease) => approveRelease(r, 'boss@acme', later, 'Fine'),
  query: (r: MaintenanceRelease) => queryRelease(r, 'boss@acme', later, 'Move it a week'),
  complete: (r: MaintenanceRelease) => completeRelease(r, 'Upgraded the PDF library.', 'lead@desk', later),
};

/** The lifecycle written out independently of the implementation: status → action → next status. */
const expected: Record<ReleaseStatus, Partial<Record<keyof typeof actions, ReleaseStatus>>> = {
  draft: { propose: 'proposed' },
  proposed: { approve: 'approved', query: 'queried' },
  approved: { complete: 'done' },
  queried: { propose: 'proposed' },
  done: {},
};

describe('release lifecycle', () => {
  for (const status of releaseStatuses) {
    for (const [name, act] of Object.entries(actions) as [keyof typeof actions, (r: MaintenanceRelease) => unknown][]) {
      const next = expected[status][name];
      if (next) {
        it(`${status} --${name}--> ${next}`, () => {
          const outcome = act(inStatus(status)) as ReturnType<typeof actions.propose>;
          expect(outcome.release.status).toBe(next);
          expect(outcome.changes).toHaveLength(1);
        });
      } else {
        it(`${status} refuses ${name} (conflict on status)`, () => {
          const error = captured(() => act(inStatus(status)));
          expect(error).toBeInstanceOf(DomainError);
          expect(error).toMatchObject({ kind: 'conflict', field: 'status' });
        });
      }
    }
  }

  it('starts as a draft with no round and no events', () => {
    expect(draft()).toMatchObject({ status: 'draft', round: 0, decisions: [], notes: '' });
  });

  it('counts proposals: a queried release proposed again is round 2 and says it is a re-proposal', () => {
    const queried = inStatus('queried');
    const again = proposeRelease(queried, 'lead@desk', later);
    expect(again.release.round).toBe(2);
    expect(again.changes).toEqual([{ type: 'maintenance.release-proposed', round: 2, reproposal: true }]);
    expect(proposeRelease(draft(), 'lead@desk', later).changes).toEqual([
      { type: 'maintenance.release-proposed', round: 1, reproposal: false },
    ]);
  });

  it('records each answer with its round, approver and comment', () => {
    const approved = approveRelease(inStatus('proposed'), 'boss@acme', later, 'Go ahead');
    expect(approved.release.decisions).toEqual([
      { decision: 'approved', by: 'boss@acme', at: later, round: 1, comment: 'Go ahead' },
    ]);
    expect(approved.changes).toEqual([{ type: 'maintenance.release-approved', round: 1, comment: 'Go ahead' }]);
  });

  it('refuses a query without a comment, naming the field', () => {
    expect(captured(() => queryRelease(inStatus('proposed'), 'boss@acme', later, '  '))).toMatchObject({
      kind: 'invalid',
      field: 'comment',
    });
  });

  it('returns an approved release whose window changes to proposed, for a new approval', () => {
    const outcome = editRelease(
      inStatus('approved'),
      { window: { start: '2027-03-27T18:00', end: '2027-03-27T22:00' } },
      'lead@desk',
      later,
    );
    expect(outcome.release).toMatchObject({ status: 'proposed', round: 2 });
    expect(outcome.changes).toEqual([{ type: 'maintenance.release-proposed', round: 2, reproposal: true }]);
  });

  it('returns an approved release whose items change to proposed', () => {
    const outcome = editRelease(inStatus('approved'), { itemIds: ['i-1'] }, 'lead@desk', later);
    expect(outcome.release.status).toBe('proposed');
    expect(outcome.changes).toHaveLength(1);
  });

  it('keeps an approved release approved when only its title or notes change, or the same window is sent', () => {
    const outcome = editRelease(
      inStatus('approved'),
      { title: 'March maintenance', notes: 'Draft notes', window: { ...window }, itemIds: ['i-1', 'i-2'] },
      'lead@desk',
      later,
    );
    expect(outcome.release).toMatchObject({ status: 'approved', title: 'March maintenance', notes: 'Draft notes' });
    expect(outcome.changes).toEqual([]);
  });

  it('edits a draft or a queried release without proposing it', () => {
    for (const status of ['draft', 'queried'] as const) {
      const outcome = editRelease(inStatus(status), { itemIds: ['i-2'] }, 'lead@desk', later);
      expect(outcome.release.status).toBe(status);
      expect(outcome.changes).toEqual([]);
    }
  });

  it('proposes a proposed release again when its window changes (approvers asked anew)', () => {
    const outcome = editRelease(
      inStatus('proposed'),
      { window: { start: '2027-03-21T18:00', end: '2027-03-21T20:00' } },
      'lead@desk',
      later,
    );
    expect(outcome.release).toMatchObject({ status: 'proposed', round: 2 });
  });

  it('refuses to edit a done release', () => {
    expect(captured(() => editRelease(inStatus('done'), { title: 'x' }, 'lead@desk', later))).toMatchObject({
      kind: 'conflict',
      field: 'status',
    });
  });

  it('completes with the notes given, or the notes kept; refuses to complete without any', () => {
    expect(completeRelease(inStatus('approved'), 'Done it', 'lead@desk', later)).toMatchObject({
      release: { status: 'done', notes: 'Done it', completedAt: later },
      changes: [{ type: 'maintenance.release-completed', notes: 'Done it' }],
    });
    expect(captured(() => completeRelease(inStatus('approved'), undefined, 'lead@desk', later))).toMatchObject({
      kind: 'invalid',
      field: 'notes',
    });
  });

  it('refuses a window that ends before it starts, an empty release and an item listed twice', () => {
    const make = (w: typeof window, itemIds: string[]) => () =>
      newRelease('r1', 'acme', { title: 't', window: w, itemIds }, 'lead@desk', at);
    expect(captured(make({ start: '2027-03-20T18:00', end: '2027-03-20T18:00' }, ['i-1']))).toMatchObject({
      kind: 'invalid',
      field: 'window.end',
    });
    expect(captured(make(window, []))).toMatchObject({ kind: 'invalid', field: 'itemIds' });
    expect(captured(make(window, ['i-1', 'i-1']))).toMatchObject({ kind: 'invalid', field: 'itemIds' });
  });
});

function captured(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}
