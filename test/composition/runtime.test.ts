import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { builtMembers } from '../../src/composition/lazy';
import { buildRuntime, pick, type UseCases } from '../../src/composition/runtime';
import { TicketService } from '../../src/app/ticket-service';
import type { Operation, OperationInput } from '../../src/http/operation';
import { apiOperations } from '../../src/http/operations/api-operations';
import { getTicketOperation } from '../../src/http/operations/get-ticket';
import { healthOperation } from '../../src/http/operations/health';
import { getOpenApiOperation } from '../../src/http/operations/get-openapi';

// Azurite's published development account, at a port nothing listens on: building the runtime makes no
// request until `ready` (which fails here, and is not awaited).
const nowhere =
  'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1';
const env = { AzureWebJobsStorage: nowhere, SUPPORTDESK_ADMIN_KEY: 'runtime-test-admin-key-0000000000' };

const repo = path.resolve(__dirname, '../..');

describe('the composition', () => {
  it('builds nothing until a function reads it, and then only what that function uses', () => {
    const runtime = buildRuntime({ env });
    expect(builtMembers(runtime)).toEqual([]);
    const all = Object.keys(runtime).length;

    const deps = pick(runtime, getTicketOperation.uses ?? []);
    expect(deps.tickets).toBeInstanceOf(TicketService);
    const built = builtMembers(runtime);
    expect(built).toContain('tickets');
    // What a ticket is read and changed with, and the outbox relay it tells; none of the other use cases.
    for (const unused of ['search', 'mailIn', 'reports', 'monthlyReports', 'attachments', 'signIn', 'retention'])
      expect(built).not.toContain(unused);
    // Before the split every function's cold start built all of them.
    expect(built.length).toBeLessThan(all / 2);

    // Built once: a second read is the same instance and builds nothing more.
    expect(pick(runtime, ['tickets']).tickets).toBe(deps.tickets);
    expect(builtMembers(runtime)).toEqual(built);
  });

  it('gives an operation that declares nothing of it nothing', () => {
    const runtime = buildRuntime({ env });
    expect(pick(runtime, healthOperation.uses)).toEqual({});
    expect(builtMembers(runtime)).toEqual([]);
  });

  it('types a handler’s input by what its operation declares', () => {
    type GetTicketInput = Parameters<typeof getTicketOperation.handle>[0];
    expectTypeOf<GetTicketInput['deps']>().toEqualTypeOf<Pick<UseCases, 'tickets'>>();
    expectTypeOf<GetTicketInput>().not.toHaveProperty('runtime');
    expectTypeOf<Parameters<typeof getOpenApiOperation.handle>[0]['deps']>().toEqualTypeOf<Pick<UseCases, never>>();
    // No operation is handed the whole runtime: `uses` is required, and the input has only `deps`.
    expectTypeOf<undefined>().not.toMatchTypeOf<Operation['uses']>();
    expectTypeOf<OperationInput<undefined, undefined, undefined, 'staff', 'tickets'>>().not.toHaveProperty('runtime');
  });

  it('every operation declares the use cases it needs', () => {
    const undeclared = apiOperations.filter((operation) => !Array.isArray(operation.uses)).map((o) => o.name);
    expect(undeclared, 'operations declaring no uses').toEqual([]);
  });

  it('no trigger registration reaches for the whole runtime', () => {
    // The registrations below functions/ (timers, subscriptions, activities); web.ts serves the pages and
    // reads only the blob origin, a setting.
    const stragglers: string[] = [];
    for (const folder of ['timers', 'service-bus', 'activities', 'orchestrations']) {
      for (const file of readdirSync(path.join(repo, 'functions', folder))) {
        const source = readFileSync(path.join(repo, 'functions', folder, file), 'utf8');
        if (/\bgetRuntime\(|\(runtime,/.test(source)) stragglers.push(`${folder}/${file}`);
      }
    }
    expect(stragglers).toEqual([]);
  });
});
