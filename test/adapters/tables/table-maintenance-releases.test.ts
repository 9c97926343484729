import { describe, expect, it } from 'vitest';
import { TableMaintenanceReleases } from '../../../src/adapters/tables/table-maintenance-releases';
import { TableOutbox } from '../../../src/adapters/tables/table-outbox';
import { maintenanceCloudEvent } from '../../../src/domain/events/cloud-event';
import { newRelease, proposeRelease } from '../../../src/domain/maintenance/release';
import { maintenanceOutboxNumber } from '../../../src/ports/outbox';
import { VersionConflictError } from '../../../src/ports/ticket-store';
import { onAzuriteTables } from '../../support/azurite-tables';

const stores = onAzuriteTables((tables) => ({
  releases: new TableMaintenanceReleases(tables.tickets),
  outbox: new TableOutbox(tables.tickets, tables.clients),
}));

const at = '2027-03-01T09:00:00.000Z';
const draft = newRelease(
  'r1',
  'acme',
  { title: 'March', window: { start: '2027-03-20T18:00', end: '2027-03-20T22:00' }, itemIds: ['i-1'] },
  'lead',
  at,
);

describe('maintenance releases in the Table store', () => {
  it('writes the release, the counters and its events together; a stale read writes nothing', async () => {
    const { releases, outbox } = stores();
    const empty = await releases.plan('acme');
    expect(empty).toEqual({ releaseCount: 0, eventCount: 0 });
    const created = await releases.commit({
      clientId: 'acme',
      plan: empty,
      nextPlan: { releaseCount: 1, eventCount: 0 },
      release: draft,
      events: [],
    });
    const plan = await releases.plan('acme');
    expect(plan).toMatchObject({ releaseCount: 1, eventCount: 0 });

    const proposed = proposeRelease(draft, 'lead', at).release;
    const event = maintenanceCloudEvent('acme', {
      seq: 1,
      type: 'maintenance.release-proposed',
      at,
      actor: 'lead',
      data: { releaseId: 'r1', round: 1 },
    });
    const change = {
      clientId: 'acme',
      plan,
      nextPlan: { releaseCount: 1, eventCount: 1 },
      release: proposed,
      previousVersion: created.version,
      events: [{ seq: 1, event }],
    };
    // Two writers read the same versions: one commits, the other is told to read again, and its event is not written.
    const results = await Promise.allSettled([releases.commit(change), releases.commit(change)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')?.reason).toBeInstanceOf(VersionConflictError);
    expect((await releases.get('acme', 'r1'))?.release.status).toBe('proposed');
    expect((await releases.list('acme')).map((s) => s.release.id)).toEqual(['r1']);

    // The relay reads the event as "ticket" maintenanceOutboxNumber, and removing it empties the outbox.
    const pending = await outbox.pendingForTickets('acme', [maintenanceOutboxNumber]);
    expect(pending.map((e) => [e.ticketNumber, e.seq, e.event.id, e.event.type])).toEqual([
      [maintenanceOutboxNumber, 1, 'acme.maintenance.1', 'maintenance.release-proposed'],
    ]);
    await outbox.remove(pending);
    expect(await outbox.pendingForTickets('acme', [maintenanceOutboxNumber])).toEqual([]);
  });
});
