import { describe, expect, it } from 'vitest';
import { eachInTicketOrder } from '../../src/app/event-batch';
import type { CloudEvent } from '../../src/domain/events/cloud-event';

const event = (clientid: string, subject: string, id: string): CloudEvent => ({
  specversion: '1.0',
  id,
  source: `/clients/${clientid}/tickets/${subject}`,
  type: 'ticket.commented',
  subject,
  time: '2026-11-24T10:00:00Z',
  datacontenttype: 'application/json',
  data: {},
  clientid,
  sequence: '00000001',
});

describe('eachInTicketOrder', () => {
  it('handles each ticket’s events one after another in order, and different tickets side by side', async () => {
    const log: string[] = [];
    const gates = new Map<string, () => void>();
    const batch = [
      event('acme', 'ACME-1', 'a1'),
      event('acme', 'ACME-2', 'b1'),
      event('acme', 'ACME-1', 'a2'),
      event('globex', 'ACME-1', 'g1'), // another client's ticket of the same name is another ticket
    ];
    const done = eachInTicketOrder(batch, async (e) => {
      log.push(`start ${e.id}`);
      await new Promise<void>((resolve) => gates.set(e.id, resolve));
      log.push(`end ${e.id}`);
    });
    await new Promise((resolve) => setImmediate(resolve));
    // The first event of each of the three tickets is under way; ACME-1's second waits for its first.
    expect(log).toEqual(['start a1', 'start b1', 'start g1']);
    gates.get('b1')!();
    gates.get('a1')!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['start a1', 'start b1', 'start g1', 'end b1', 'end a1', 'start a2']);
    gates.get('a2')!();
    gates.get('g1')!();
    await done;
    expect(log.filter((l) => l.startsWith('end'))).toEqual(['end b1', 'end a1', 'end a2', 'end g1']);
  });

  it('stops a ticket at its failure, goes on with the others, and throws the failure once all have settled', async () => {
    const handled: string[] = [];
    const batch = [event('acme', 'ACME-1', 'a1'), event('acme', 'ACME-1', 'a2'), event('acme', 'ACME-2', 'b1')];
    await expect(
      eachInTicketOrder(batch, (e) => {
        handled.push(e.id);
        return e.id === 'a1' ? Promise.reject(new Error('a1 failed')) : Promise.resolve();
      }),
    ).rejects.toThrow('a1 failed');
    // a2 waits behind a1 (it comes again with the batch); ACME-2 is not held up.
    expect(handled.sort()).toEqual(['a1', 'b1']);
  });

  it('takes at most the given number of tickets at once, each still in order', async () => {
    let running = 0;
    let most = 0;
    const order: string[] = [];
    const batch = Array.from({ length: 12 }, (_, i) => event('acme', `ACME-${i % 6}`, `e${i}`));
    await eachInTicketOrder(
      batch,
      async (e) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setImmediate(resolve));
        order.push(e.id);
        running -= 1;
      },
      { concurrency: 4 },
    );
    expect(most).toBe(4);
    expect(order).toHaveLength(12);
    for (let t = 0; t < 6; t++) expect(order.indexOf(`e${t}`)).toBeLessThan(order.indexOf(`e${t + 6}`));
  });
});
