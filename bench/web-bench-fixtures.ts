import type { RunningLocalHost } from '../test/support/local-host';
import { contractClient } from '../test/support/contract';

/** A client on the contract agreement with a requester and `tickets` open tickets (cat2 and cat3 mixed). */
export async function setUpClientQuietly(
  host: RunningLocalHost,
  clientId: string,
  prefix: string,
  tickets: number,
): Promise<{ requester: string }> {
  const must = async (res: Promise<Response>, what: string) => {
    const r = await res;
    if (!r.ok) throw new Error(`${what}: ${r.status} ${await r.text()}`);
    return r;
  };
  await must(
    host.api(`/clients/${clientId}`, { method: 'PUT', json: { ...contractClient(), ticketPrefix: prefix } }),
    'client',
  );
  const requester = `requester@${clientId}.example`;
  await must(
    host.api(`/clients/${clientId}/contacts/${encodeURIComponent(requester)}`, {
      method: 'PUT',
      json: { name: 'Rita Requester', roles: ['requester', 'approver'] },
    }),
    'contact',
  );
  let next = 0;
  const worker = async () => {
    while (next < tickets) {
      const n = next++;
      await must(
        host.api('/tickets', {
          method: 'POST',
          json: {
            clientId,
            title: `Queue ticket ${n + 1}`,
            description: 'bench',
            severity: n % 3 === 0 ? 'cat3' : 'cat2',
            type: 'defect',
            reporter: requester,
          },
        }),
        `ticket ${n + 1}`,
      );
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return { requester };
}

/**
 * An hour bank with a statement of `entries` lines: one purchase, then time booked on the client's
 * first tickets (a quarter to one hour each), so the page renders a long statement and a chart.
 */
export async function setUpHourBankQuietly(
  host: RunningLocalHost,
  clientId: string,
  prefix: string,
  entries: number,
): Promise<void> {
  const purchase = await host.api(`/clients/${clientId}/hour-bank/purchases`, {
    method: 'POST',
    json: { hours: 1000, reference: 'PO-BENCH' },
  });
  if (purchase.status !== 201) throw new Error(`purchase: ${purchase.status} ${await purchase.text()}`);
  let next = 0;
  const worker = async () => {
    while (next < entries - 1) {
      const n = next++;
      const res = await host.api(`/tickets/${prefix}-${(n % 50) + 1}/time-entries`, {
        method: 'POST',
        json: { hours: 0.25 * ((n % 4) + 1), note: `Work item ${n + 1}` },
      });
      if (res.status !== 201) throw new Error(`time entry ${n + 1}: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}
