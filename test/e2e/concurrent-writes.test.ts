import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { createTicket, setUpClient, timeline, type ClientFixture } from './support/api-fixtures';

/** Concurrent writes without If-Match are absorbed: none is refused because others wrote at the same time. */
describe('concurrent writes to one ticket over HTTP', () => {
  let host: RunningLocalHost;
  let c: ClientFixture;
  beforeAll(async () => {
    host = await startLocalHost();
    c = await setUpClient(host, 'busy-co', 'BUSY');
  });
  afterAll(async () => {
    await host?.stop();
  });

  it('applies 50 comments posted at once, each once, all 200', async () => {
    const { id } = await createTicket(host, { clientId: c.clientId, severity: 'cat2', reporter: c.requester });
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        host.api(`/tickets/${id}/actions`, { method: 'POST', json: { action: 'comment', text: `comment ${i}` } }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => 200));
    const texts = (await timeline(host, id))
      .filter((e) => e.type === 'ticket.commented')
      .map((e) => (e.data as { text: string }).text)
      .sort();
    expect(texts).toEqual(Array.from({ length: 50 }, (_, i) => `comment ${i}`).sort());
  });

  it('still refuses a stale If-Match with 412: only the caller’s own version is ever refused', async () => {
    const { id } = await createTicket(host, { clientId: c.clientId, severity: 'cat2', reporter: c.requester });
    const read = await host.api(`/tickets/${id}`);
    const etag = read.headers.get('etag') ?? '';
    await host.api(`/tickets/${id}/actions`, { method: 'POST', json: { action: 'comment', text: 'first' } });
    const stale = await host.api(`/tickets/${id}/actions`, {
      method: 'POST',
      json: { action: 'comment', text: 'second' },
      headers: { 'if-match': etag },
    });
    expect(stale.status).toBe(412);
  });
});
