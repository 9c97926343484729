import { describe, expect, it } from 'vitest';
import { HourBankService } from '../../src/app/hour-bank-service';
import type { Principal } from '../../src/app/principal';
import type { Client } from '../../src/domain/clients/client';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import { emptyHourBank, postToLedger } from '../../src/domain/hour-bank/hour-bank-ledger';
import type { TimeEntry } from '../../src/domain/hour-bank/time-entry';
import { newTicket } from '../../src/domain/tickets/ticket';
import type { ClientStore } from '../../src/ports/client-store';
import type { HourBankStore } from '../../src/ports/hour-bank-store';
import type { TicketStore } from '../../src/ports/ticket-store';
import { contractClient } from '../support/contract';

/**
 * Who may read and change an hour bank, at the application level on in-memory ports (contact and staff
 * sessions are authenticated by the people work; here the principals are given directly).
 */
const client: Client = {
  ...clientBodySchema.parse(contractClient()),
  id: 'acme',
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
};
const ticket = newTicket({
  clientId: 'acme',
  ticketPrefix: 'ACME',
  number: 1,
  title: 't',
  description: 'd',
  severity: 'cat2',
  type: 'defect',
  reporter: 'jo@acme.test',
  receivedAt: '2026-11-24T10:00:00.000Z',
});
const purchased = postToLedger(
  emptyHourBank,
  client.agreement.hourBank,
  { kind: 'purchase', hours: 10, reference: 'PO-1' },
  { at: '2026-11-24T10:00:00.000Z', by: 'admin' },
);
const timeEntry: TimeEntry = {
  seq: 1,
  ticketId: 'ACME-1',
  hours: 1,
  note: 'n',
  workedOn: '2026-11-24',
  billing: 'hour-bank',
  by: 'eng@desk.test',
  at: '2026-11-24T11:00:00.000Z',
};

const clients = {
  getClient: (id: string) => Promise.resolve(id === 'acme' ? client : undefined),
  clientIdForPrefix: (prefix: string) => Promise.resolve(prefix === 'ACME' ? 'acme' : undefined),
} as unknown as ClientStore;
const tickets = {
  get: (clientId: string, n: number) =>
    Promise.resolve(clientId === 'acme' && n === 1 ? { ticket, version: 'v1' } : undefined),
} as unknown as TicketStore;
let commits = 0;
const bank: HourBankStore = {
  read: () => Promise.resolve({ state: purchased.state, version: 'b1' }),
  commit: () => {
    commits += 1;
    return Promise.resolve({});
  },
  entries: () => Promise.resolve([purchased.entry]),
  timeEntries: () => Promise.resolve([timeEntry]),
  readResponse: () => Promise.resolve(undefined),
};
const service = new HourBankService(clients, tickets, bank, { now: () => new Date('2026-11-24T12:00:00Z') });

const admin: Principal = { kind: 'admin' };
const lead: Principal = { kind: 'staff', email: 'lead@desk.test', name: 'Lead', roles: ['engineer', 'lead'] };
const engineer: Principal = { kind: 'staff', email: 'eng@desk.test', name: 'Eng', roles: ['engineer'] };
const approver: Principal = {
  kind: 'contact',
  email: 'boss@acme.test',
  name: 'Boss',
  memberships: [{ clientId: 'acme', roles: ['approver'] }],
};
const requester: Principal = {
  kind: 'contact',
  email: 'jo@acme.test',
  name: 'Jo',
  memberships: [{ clientId: 'acme', roles: ['requester'] }],
};
const otherRequester: Principal = {
  kind: 'contact',
  email: 'al@acme.test',
  name: 'Al',
  memberships: [{ clientId: 'acme', roles: ['requester'] }],
};
const stranger: Principal = {
  kind: 'contact',
  email: 'x@globex.test',
  name: 'X',
  memberships: [{ clientId: 'globex', roles: ['approver'] }],
};
const readKey: Principal = { kind: 'client-key', clientId: 'acme', keyId: 'k1', name: 'ci', scopes: ['tickets:read'] };
const writeOnlyKey: Principal = {
  kind: 'client-key',
  clientId: 'acme',
  keyId: 'k2',
  name: 'w',
  scopes: ['tickets:write'],
};
const otherKey: Principal = {
  kind: 'client-key',
  clientId: 'globex',
  keyId: 'k3',
  name: 'g',
  scopes: ['tickets:read', 'tickets:write'],
};

describe('reading the hour bank and its statement', () => {
  it("is for staff, the client's approvers and its keys with tickets:read", async () => {
    for (const principal of [admin, lead, engineer, approver, readKey]) {
      expect((await service.view(principal, 'acme')).balanceHours).toBe(10);
    }
  });

  it('refuses a requester of the client (403) and hides the bank from other clients (404)', async () => {
    await expect(service.view(requester, 'acme')).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(service.view(writeOnlyKey, 'acme')).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(service.view(stranger, 'acme')).rejects.toMatchObject({ kind: 'not-found' });
    await expect(service.view(otherKey, 'acme')).rejects.toMatchObject({ kind: 'not-found' });
  });
});

describe('changing the hour bank', () => {
  it('buying and adjusting hours is for leads (and the admin key) only', async () => {
    for (const principal of [engineer, approver, requester, readKey]) {
      await expect(service.purchase(principal, 'acme', { hours: 1, reference: 'x' })).rejects.toMatchObject({
        kind: 'forbidden',
      });
      await expect(service.adjust(principal, 'acme', { hours: -1, reason: 'x' })).rejects.toMatchObject({
        kind: 'forbidden',
      });
    }
    expect(commits).toBe(0);
    await service.purchase(lead, 'acme', { hours: 1, reference: 'x' });
    await service.adjust(admin, 'acme', { hours: -1, reason: 'x' });
    expect(commits).toBe(2);
  });

  it('booking time is for staff; contacts and keys are refused', async () => {
    const before = commits;
    for (const principal of [approver, requester, readKey]) {
      await expect(service.logTime(principal, 'ACME-1', { hours: 1, note: 'n' })).rejects.toMatchObject({
        kind: 'forbidden',
      });
    }
    expect(commits).toBe(before);
    await service.logTime(engineer, 'ACME-1', { hours: 1, note: 'n' });
    expect(commits).toBe(before + 1);
  });

  it("refuses a workedOn date in the future of the client's calendar", async () => {
    await expect(
      service.logTime(engineer, 'ACME-1', { hours: 1, note: 'n', workedOn: '2026-11-25' }),
    ).rejects.toMatchObject({ kind: 'invalid', field: 'workedOn' });
    await expect(
      service.logTime(engineer, 'ACME-1', { hours: 1, note: 'n', workedOn: '2026-02-30' }),
    ).rejects.toMatchObject({ kind: 'invalid', field: 'workedOn' });
  });
});

describe("a ticket's time entries", () => {
  it('are seen by staff, approvers, the requester who raised it and keys with tickets:read', async () => {
    for (const principal of [admin, engineer, approver, requester, readKey]) {
      expect(await service.timeEntries(principal, 'ACME-1')).toEqual([timeEntry]);
    }
  });

  it('are a 404 to another requester and other clients, a 403 to a key without tickets:read', async () => {
    for (const principal of [otherRequester, otherKey, stranger]) {
      await expect(service.timeEntries(principal, 'ACME-1')).rejects.toMatchObject({ kind: 'not-found' });
    }
    await expect(service.timeEntries(writeOnlyKey, 'ACME-1')).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
