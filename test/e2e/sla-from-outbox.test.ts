import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { contractClient } from '../support/contract';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';

interface TimelineEvent {
  type: string;
  at: string;
  data: Record<string, unknown>;
}
interface Ticket {
  id: string;
  receivedAt: string;
}

const reporter = 'jo@acme.example';
// Enough that some are still unanswered when the kill lands: the store answers a group commit's creates
// together, and with 40 all of them were sometimes answered before the SIGKILL arrived.
const burst = 120;

async function moveClock(host: RunningLocalHost, json: { advance: string } | { now: string }): Promise<void> {
  const res = await host.api('/dev/clock', { method: 'POST', json });
  expect(res.status).toBe(200);
}

async function storedTickets(host: RunningLocalHost, clientId: string): Promise<Ticket[]> {
  const res = await host.api(`/tickets?clientId=${clientId}&limit=200`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Ticket[] }).items;
}

async function slaSummary(host: RunningLocalHost, ticketId: string): Promise<string[]> {
  const res = await host.api(`/tickets/${ticketId}/timeline?limit=200`);
  expect(res.status).toBe(200);
  const { items } = (await res.json()) as { items: TimelineEvent[] };
  return items
    .filter((e) => e.type === 'sla.warning' || e.type === 'sla.breached')
    .map((e) => `${e.type} ${String(e.data.clock)} ${e.at}`);
}

/** cat1 of the contract agreement: 24x7, assess 1 h (warning at 75 %), resolve 4 h (warning at 75 %). */
function expectedCat1(receivedAt: string): string[] {
  const at = (minutes: number) => new Date(new Date(receivedAt).getTime() + minutes * 60_000).toISOString();
  return [
    `sla.warning assess ${at(45)}`,
    `sla.breached assess ${at(60)}`,
    `sla.warning resolve ${at(180)}`,
    `sla.breached resolve ${at(240)}`,
  ];
}

describe('SLA orchestrations are started from the outbox, so a killed host leaves no ticket without clocks', () => {
  let azurite: RunningAzurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.stop();
  });

  it("fires every stored ticket's warnings and breaches exactly once after a SIGKILL during a burst of creates", async () => {
    // Storage is a separate Azurite that keeps running: only the host dies.
    const env = { AzureWebJobsStorage: azurite.connectionString };
    const first = await startLocalHost({ clock: 'virtual', clockStart: '2027-03-01T09:00:00Z', env });
    const dataDir = first.dataDir;
    let second: RunningLocalHost | undefined;
    try {
      expect(
        (
          await first.api('/clients/burst', {
            method: 'PUT',
            json: { ...contractClient(), ticketPrefix: 'BURST', notifications: { webhooks: [] } },
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await first.api(`/clients/burst/contacts/${reporter}`, {
            method: 'PUT',
            json: { name: 'Jo', roles: ['requester'] },
          })
        ).status,
      ).toBe(201);

      // 120 creates at once; the host is killed as soon as the first is answered, with the rest in flight.
      let answered = 0;
      let firstAnswer!: () => void;
      const oneAnswered = new Promise<void>((resolve) => (firstAnswer = resolve));
      const creates = Array.from({ length: burst }, (_, i) =>
        first
          .api('/tickets', {
            method: 'POST',
            json: {
              clientId: 'burst',
              title: `Outage ${i}`,
              description: 'Everything is down',
              severity: 'cat1',
              type: 'defect',
              reporter,
            },
          })
          .then((res) => {
            if (res.status === 201) {
              answered += 1;
              firstAnswer();
            }
          })
          .catch(() => undefined),
      );
      await Promise.race([oneAnswered, Promise.all(creates)]);
      await first.kill();
      await Promise.all(creates);
      expect(answered).toBeLessThan(burst);

      second = await startLocalHost({ clock: 'virtual', dataDir, env });
      const stored = await storedTickets(second, 'burst');
      // Every answered create is stored, and most likely some unanswered ones too (committed, then killed).
      expect(stored.length).toBeGreaterThanOrEqual(answered);
      expect(stored.length).toBeGreaterThan(0);

      await moveClock(second, { advance: 'PT48H' });
      for (const ticket of stored) {
        expect(await slaSummary(second, ticket.id), ticket.id).toEqual(expectedCat1(ticket.receivedAt));
      }

      // Moving on (and a sweep timer or two) repeats nothing.
      await moveClock(second, { advance: 'PT48H' });
      for (const ticket of stored) {
        expect(await slaSummary(second, ticket.id), ticket.id).toEqual(expectedCat1(ticket.receivedAt));
      }
    } finally {
      await first.kill();
      await second?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
