import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiOperations } from '../../src/http/operations/api-operations';
import { getOpenApiOperation } from '../../src/http/operations/get-openapi';
import { loadFunctionFiles } from '../../local-host/function-loader';
import { installFunctionsCoreShim } from '../../local-host/functions-core-shim';

const functionsDir = path.resolve(__dirname, '../../functions');

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesBelow(full) : [full];
  });
}

describe('function registrations', () => {
  const registry = installFunctionsCoreShim();
  let files: string[] = [];
  beforeAll(async () => {
    files = await loadFunctionFiles(functionsDir, (file) => import(file));
  });

  it('registers one function per file, named after the file', () => {
    const names = registry
      .all()
      .map((f) => f.name)
      .sort();
    // The Graph mail timers exist only with the Graph transport (not configured here).
    const graphOnly = ['graph-mail-catch-up', 'graph-mail-subscription'];
    const fileNames = filesBelow(functionsDir)
      .map((f) => path.basename(f, '.ts'))
      .filter((name) => !graphOnly.includes(name))
      .sort();
    expect(files.length).toBeGreaterThan(0);
    expect(names).toEqual(fileNames);
  });

  it('registers every HTTP operation the OpenAPI document describes, with its route and method', () => {
    // Besides the API, one registration serves the pages (`web`, a catch-all below every API route).
    const http = registry.byTriggerType('httpTrigger').filter((f) => f.name !== 'web');
    const documented = [...apiOperations, getOpenApiOperation];
    expect(http.map((f) => f.name).sort()).toEqual(documented.map((o) => o.name).sort());
    for (const op of documented) {
      const fn = registry.get(op.name);
      expect(fn?.trigger.route).toBe(`api/${op.route}`);
      expect(fn?.trigger.methods).toEqual([op.method]);
      expect(fn?.trigger.authLevel).toBe('anonymous');
    }
  });

  it('serves the pages from one catch-all GET registration, below every API route', () => {
    const web = registry.get('web');
    expect(web?.trigger.route).toBe('{*path}');
    expect(web?.trigger.methods).toEqual(['GET', 'HEAD']);
    for (const fn of registry.byTriggerType('httpTrigger').filter((f) => f.name !== 'web'))
      expect(String(fn.trigger.route)).toMatch(/^api\//);
  });
});
