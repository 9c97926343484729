import { describe, expect, it } from 'vitest';
import { inMemoryClientService } from '../support/in-memory/in-memory-services';
import { MaintenanceScheduleService } from '../../src/app/maintenance-schedule-service';
import type { Principal } from '../../src/app/principal';
import { DomainError } from '../../src/domain/domain-error';
import { occurrenceClaimKey } from '../../src/domain/maintenance/schedule';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import type { Clock } from '../../src/ports/clock';
import { contractClient } from '../support/contract';
import { InMemoryClientStore } from '../support/in-memory/in-memory-client-store';
import { InMemoryMaintenanceSchedules } from '../support/in-memory/in-memory-maintenance-schedules';
import { InMemoryTicketStore } from '../support/in-memory/in-memory-ticket-store';

const admin: Principal = { kind: 'admin' };
const lead: Principal = { kind: 'staff', email: 'lead@desk.example', name: 'Lee', roles: ['lead'] };
const engineer: Principal = { kind: 'staff', email: 'eng@desk.example', name: 'Eng', roles: ['engineer'] };

/** A clock the test moves; every service built on it reads the same instant. */
function movableClock(start: string): Clock & { set(iso: string): void } {
  let now = new Date(start);
  return { now: () => now, set: (iso) => (now = new Date(iso)) };
}

async function setUp(start = '2027-03-01T09:00:00Z') {
  const clock = movableClock(start);
  const clients = new InMemoryClientStore();
  const tickets = new InMemoryTicketStore();
  const schedules = new InMemoryMaintenanceSchedules();
  await inMemoryClientService(clients, clock).putClient(
    'acme',
    clientBodySchema.parse({ ...contractClient(), ticketPrefix: 'ACME' }),
  );
  const service = () => new MaintenanceScheduleService(clients, schedules, tickets, clock);
  return { clock, tickets, schedules, service };
}

const monthly = {
  title: 'Health check',
  checklist: ['Backups restored'],
  rrule: 'FREQ=MONTHLY;BYDAY=1TU',
  start: '2027-04-06T10:00',
  leadDays: 7,
  onHoliday: 'keep',
  active: true,
} as const;

describe('MaintenanceScheduleService', () => {
  it('raises exactly one ticket per occurrence when runs on two instances overlap', async () => {
    const { clock, tickets, service } = await setUp();
    await service().put(lead, 'acme', 'health', monthly);
    clock.set('2027-03-30T09:00:00Z'); // 6 April 10:00 BST less 7 days
    // Two instances (two services over the same stores) run at once; the stores yield between calls,
    // so both read the schedule before either records the raise: the occurrence's claim decides.
    const runs = await Promise.all([service().raiseDue(), service().raiseDue(), service().raiseDue()]);
    const raised = (await tickets.list({ clientId: 'acme' })).filter((t) => t.type === 'maintenance');
    expect(raised.map((t) => t.maintenance?.occurrence)).toEqual(['2027-04-06']);
    expect(raised[0]).toMatchObject({ channel: 'schedule', reporter: 'schedule:health' });
    // The runs that lost the race find it raised when they re-read the schedule: one report of it.
    expect(runs.flatMap((r) => r.raised)).toEqual([`health 2027-04-06 → ${raised[0]!.id}`]);
    expect(await tickets.readClaim('acme', occurrenceClaimKey('health', '2027-04-06'))).toMatchObject({
      number: raised[0]!.number,
    });
    const view = await service().get(lead, 'acme', 'health');
    expect(view.raised).toEqual([{ occurrence: '2027-04-06', ticketId: raised[0]!.id }]);
  });

  it('records a ticket raised by a run that died before recording it, instead of listing it missed', async () => {
    const { clock, tickets, schedules, service } = await setUp();
    await service().put(lead, 'acme', 'health', monthly);
    clock.set('2027-03-30T09:00:00Z');
    await service().raiseDue();
    // Simulate the crash: the schedule row forgets the April raise, though its ticket (and claim) exist.
    const stored = (await schedules.get('acme', 'health'))!;
    const { raisedThrough: _through, ...forgotten } = stored.schedule;
    await schedules.save({ ...forgotten, raised: [] }, '2000-01-01T00:00:00.000Z', stored.version);
    clock.set('2027-04-27T09:00:00Z'); // the May occurrence's raise time: April's is older and due too
    await service().raiseDue();
    const view = await service().get(lead, 'acme', 'health');
    expect(view.raised.map((r) => r.occurrence)).toEqual(['2027-04-06', '2027-05-04']);
    expect(view.missed).toEqual([]);
    expect((await tickets.list({ clientId: 'acme' })).filter((t) => t.type === 'maintenance')).toHaveLength(2);
  });

  it('refuses a replace based on a version no longer current (If-Match), writing nothing', async () => {
    const { clock, service } = await setUp();
    const at = (version: string) => (current: string) => current === version;
    // If-Match on a schedule that is not there is stale (RFC 9110: no current representation).
    await expect(service().put(lead, 'acme', 'health', monthly, () => true)).rejects.toMatchObject({ kind: 'stale' });
    const created = await service().put(lead, 'acme', 'health', monthly);
    const read = await service().getVersioned(lead, 'acme', 'health');
    expect(read.version).toBe(created.version);

    // Two leads replace it from the version both read: the first applies, the second is stale.
    const first = await service().put(lead, 'acme', 'health', { ...monthly, leadDays: 3 }, at(read.version));
    expect(first).toMatchObject({ created: false, view: { leadDays: 3 } });
    expect(first.version).not.toBe(read.version);
    await expect(
      service().put(lead, 'acme', 'health', { ...monthly, title: 'Quarterly check' }, at(read.version)),
    ).rejects.toMatchObject({ kind: 'stale' });
    expect(await service().get(lead, 'acme', 'health')).toMatchObject({ title: 'Health check', leadDays: 3 });

    // The timer recording a raise changes the schedule too: an edit from before it is stale.
    clock.set('2027-04-05T09:00:00Z'); // 6 April 10:00 BST less 3 days has passed
    expect((await service().raiseDue()).raised).toHaveLength(1);
    await expect(
      service().put(lead, 'acme', 'health', { ...monthly, leadDays: 5 }, at(first.version)),
    ).rejects.toMatchObject({ kind: 'stale' });
    const current = await service().getVersioned(lead, 'acme', 'health');
    expect(current.view.raised).toHaveLength(1);
    const third = await service().put(lead, 'acme', 'health', { ...monthly, leadDays: 5 }, at(current.version));
    expect(third.view.leadDays).toBe(5);
  });

  it('refuses the later of two concurrent replaces from the same version instead of overwriting the first', async () => {
    const { service } = await setUp();
    const { version } = await service().put(lead, 'acme', 'health', monthly);
    const results = await Promise.allSettled(
      [2, 4].map((leadDays) =>
        service().put(lead, 'acme', 'health', { ...monthly, leadDays }, (current) => current === version),
      ),
    );
    const applied = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(applied).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')?.reason).toMatchObject({ kind: 'stale' });
    expect((await service().get(lead, 'acme', 'health')).leadDays).toBe(applied[0]?.view.leadDays);
  });

  it('lets a lead or the admin key plan, refuses an engineer, and hides schedules from other clients', async () => {
    const { service } = await setUp();
    await expect(service().put(engineer, 'acme', 'health', monthly)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(service().put(admin, 'acme', 'health', monthly)).resolves.toMatchObject({ created: true });
    const stranger: Principal = {
      kind: 'contact',
      email: 'x@other.example',
      name: 'X',
      memberships: [{ clientId: 'other', roles: ['approver'] }],
    };
    await expect(service().get(stranger, 'acme', 'health')).rejects.toBeInstanceOf(DomainError);
    await expect(service().get(stranger, 'acme', 'health')).rejects.toMatchObject({ kind: 'not-found' });
    const approver: Principal = { ...stranger, memberships: [{ clientId: 'acme', roles: ['approver'] }] };
    expect((await service().list(approver, 'acme')).map((s) => s.view.id)).toEqual(['health']);
  });
});
