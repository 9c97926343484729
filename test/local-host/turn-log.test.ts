import { describe, expect, it } from 'vitest';
import { turnLog } from '../../local-host/turn-log';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the local host’s log', () => {
  it('writes the lines of one turn of the event loop in one write, in order, each stamped', async () => {
    const writes: string[] = [];
    let tick = 0;
    const output = turnLog(
      (text) => writes.push(text),
      () => new Date(Date.UTC(2026, 11, 2, 9, 0, tick++)),
    );
    output.log('GET /api/health 200');
    output.log('POST /api/tickets 201');
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual([
      '2026-12-02T09:00:00.000Z GET /api/health 200\n2026-12-02T09:00:01.000Z POST /api/tickets 201\n',
    ]);
    output.log('later');
    await nextTurn();
    expect(writes).toHaveLength(2);
    expect(writes[1]).toBe('2026-12-02T09:00:02.000Z later\n');
  });

  it('writes what is pending at once when flushed (at exit), and nothing twice', async () => {
    const writes: string[] = [];
    const output = turnLog((text) => writes.push(text));
    output.log('stopped');
    output.flush();
    expect(writes.map((w) => w.endsWith(' stopped\n'))).toEqual([true]);
    await nextTurn();
    output.flush();
    expect(writes).toHaveLength(1);
  });
});
