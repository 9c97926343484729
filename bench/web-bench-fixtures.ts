import type { RunningLocalHost } from '../test/support/local-host';
import { contractClient } from '../test/support/contract';

/** A client on the contract agreement with a requester and `tickets` open tickets (cat2 and cat3 mixed). */
export async function setUpClientQuietly(host: RunningLocalHost, clientId: string, prefix: string, tickets: number): Promise<{ requester: string }> {
  const must = async (res: Promise<Response>, what: string) => {
    const r = await res;
    if (!r.ok) throw new Error(`${what}: ${r.status} ${await r.text()}`);
    return r;
  };
  await must(host.api(`/clients/${clientId}`, { method: 'PUT', json: { ...contractClient(), ticketPrefix: prefix } }), 'client');
  const requester = `requester@${clientId}.example`;
  await must(
    host.api(`/clients/${clientId}/contacts/${encodeURIComponent(requester)}`, { method: 'PUT', json: { name: 'Rita Requester', roles: ['requester', 'approver'] } }),
    'contact',
  );
  let next = 0;
  const worker = async () => {
    while (next < tickets) {
      const n = next++;
      await must(
        host.api('/tickets', {
          method: 'POST',
          json: { clientId, title: `Queue ticket ${n + 1}`, description: 'bench', severity: n % 3 === 0 ? 'cat3' : 'cat2', type: 'defect', reporter: requester },
        }),
        `ticket ${n + 1}`,
      );
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return { requester };
}
