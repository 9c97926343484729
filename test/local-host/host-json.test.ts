import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readRoutePrefix } from '../../local-host/host-json';

describe('readRoutePrefix (the local host honours host.json like the Functions host)', () => {
  const dirs: string[] = [];
  const appWith = (hostJson: unknown) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'host-json-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'host.json'), JSON.stringify(hostJson));
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("reads the project's own host.json: pages at /, so the prefix is empty", () => {
    expect(readRoutePrefix(path.resolve(__dirname, '../..'))).toBe('');
  });

  it('reads a set prefix without slashes, and defaults to api like the host', () => {
    expect(readRoutePrefix(appWith({ version: '2.0', extensions: { http: { routePrefix: '/v1/' } } }))).toBe('v1');
    expect(readRoutePrefix(appWith({ version: '2.0' }))).toBe('api');
  });
});
