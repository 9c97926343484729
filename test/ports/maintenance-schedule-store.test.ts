import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TableMaintenanceSchedules } from '../../src/adapters/tables/table-maintenance-schedules';
import type { MaintenanceSchedule } from '../../src/domain/maintenance/schedule';
import type { MaintenanceScheduleStore } from '../../src/ports/maintenance-schedule-store';
import { VersionConflictError } from '../../src/ports/ticket-store';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { InMemoryMaintenanceSchedules } from '../support/in-memory/in-memory-maintenance-schedules';

/**
 * The MaintenanceScheduleStore contract, against the Table implementation (Azurite, the `clients`
 * table's `~schedule` partition) and the in-memory twin the app tests use. Each case uses clients of its own.
 */
const schedule = (clientId: string, id: string, over: Partial<MaintenanceSchedule> = {}): MaintenanceSchedule => ({
  id,
  clientId,
  title: 'Health check',
  checklist: ['Backups restored'],
  rrule: 'FREQ=MONTHLY;BYDAY=1TU',
  start: '2027-04-06T10:00',
  leadDays: 7,
  onHoliday: 'keep',
  active: true,
  createdAt: '2027-03-01T09:00:00.000Z',
  updatedAt: '2027-03-01T09:00:00.000Z',
  updatedBy: 'lead@desk.example',
  notBefore: '2027-03-01T09:00:00.000Z',
  missed: [],
  raised: [],
  ...over,
});

function contract(name: string, store: () => MaintenanceScheduleStore): void {
  describe(`MaintenanceScheduleStore contract: ${name}`, () => {
    it('creates once, then replaces only at the version read', async () => {
      const first = await store().save(schedule('c1', 'health'), undefined);
      await expect(store().save(schedule('c1', 'health'), undefined)).rejects.toBeInstanceOf(VersionConflictError);
      const second = await store().save(schedule('c1', 'health', { title: 'Renamed' }), undefined, first.version);
      await expect(store().save(schedule('c1', 'health'), undefined, first.version)).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      const read = await store().get('c1', 'health');
      expect(read?.schedule.title).toBe('Renamed');
      expect(read?.version).toBe(second.version);
      expect(await store().get('c1', 'other')).toBeUndefined();
    });

    it("lists a client's schedules and no other client's (not even one whose id starts the same)", async () => {
      await store().save(schedule('c2', 'b'), undefined);
      await store().save(schedule('c2', 'a'), undefined);
      await store().save(schedule('c2x', 'a'), undefined);
      expect((await store().list('c2')).map((s) => s.schedule.id)).toEqual(['a', 'b']);
    });

    it('answers the schedules whose check time has come, of every client, and never those with none', async () => {
      await store().save(schedule('c3', 'due'), '2027-03-30T09:00:00.000Z');
      await store().save(schedule('c4', 'due-too'), '2027-03-29T09:00:00.000Z');
      await store().save(schedule('c3', 'later'), '2027-04-27T09:00:00.000Z');
      await store().save(schedule('c3', 'paused', { active: false }), undefined);
      const due = (await store().dueForCheck('2027-03-30T09:00:00.000Z'))
        .map((s) => `${s.schedule.clientId}/${s.schedule.id}`)
        .filter((id) => /^c[34]\//.test(id))
        .sort();
      expect(due).toEqual(['c3/due', 'c4/due-too']);
      expect((await store().get('c3', 'due'))?.checkAt).toBe('2027-03-30T09:00:00.000Z');
      expect((await store().get('c3', 'paused'))?.checkAt).toBeUndefined();
    });
  });
}

let azurite: RunningAzurite | undefined;
let table: TableClient | undefined;
beforeAll(async () => {
  azurite = await startAzurite();
  table = TableClient.fromConnectionString(azurite.connectionString, 'clients', { allowInsecureConnection: true });
  await table.createTable();
});
afterAll(async () => {
  await azurite?.stop();
});

contract('Table Storage', () => new TableMaintenanceSchedules(table!));
const memory = new InMemoryMaintenanceSchedules();
contract('in memory', () => memory);
