import { AzureNamedKeyCredential, TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import type { HttpClient, PipelineRequest } from '@azure/core-rest-pipeline';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { submitTransaction, transactionBody } from '../../../src/adapters/tables/table-transaction';
import { useTicketsTable } from '../../support/tickets-table';

/** Azurite's published development key: the SDK signs with it, nothing is sent anywhere. */
const devKey = new AzureNamedKeyCredential(
  'devstoreaccount1',
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFMif8lQ==',
);

/** The request the SDK's own submitTransaction would send for these actions, caught before it leaves. */
async function sdkRequest(actions: TransactionAction[]): Promise<PipelineRequest> {
  let caught: PipelineRequest | undefined;
  const httpClient: HttpClient = {
    sendRequest: (request) => {
      caught = request;
      return Promise.resolve({ request, status: 202, headers: request.headers, bodyAsText: '' });
    },
  };
  const client = new TableClient('http://127.0.0.1:10002/devstoreaccount1', 'tickets', devKey, {
    httpClient,
    allowInsecureConnection: true,
  });
  await client.submitTransaction(actions);
  if (!caught) throw new Error('the SDK sent nothing');
  return caught;
}

/** The one difference on purpose: U+2028 and U+2029 written as JSON escapes (the same value). */
const withSeparatorsEscaped = (body: string): string =>
  body.replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));

async function expectSameBodyAsSdk(actions: TransactionAction[]): Promise<void> {
  const sdk = await sdkRequest(actions);
  if (typeof sdk.body !== 'string') throw new Error('the SDK sent a transaction body that is not text');
  const body = withSeparatorsEscaped(sdk.body);
  const batchId = /boundary=batch_([0-9a-f-]+)/.exec(sdk.headers.get('content-type') ?? '')?.[1] ?? '';
  const changesetId = /boundary=changeset_([0-9a-f-]+)/.exec(body)?.[1] ?? '';
  expect(transactionBody('http://127.0.0.1:10002/devstoreaccount1/tickets', actions, batchId, changesetId)).toBe(body);
}

describe('a Table transaction written without the SDK’s per-row pipeline', () => {
  it('writes byte for byte the body the SDK writes, for every kind of action', async () => {
    await expectSameBodyAsSdk([
      [
        'create',
        {
          partitionKey: 'acme',
          rowKey: "t|0001's",
          a: 'x"y\u00e9',
          n: 5,
          d: 1.5,
          b: true,
          nothing: null,
          skipped: undefined,
        },
      ],
      [
        'update',
        { partitionKey: 'acme', rowKey: 'counter', next: 2 },
        'Replace',
        { etag: `W/"datetime'2026-12-02T18%3A00%3A00.1Z'"` },
      ],
      ['update', { partitionKey: 'acme', rowKey: 'merge', x: 'y' }],
      ['update', { partitionKey: 'acme', rowKey: "o'brien|a b/c#d%e?f", x: 'y' }],
      ['update', { partitionKey: 'acme', rowKey: 'merge-etag', x: 'y' }, 'Merge', { etag: 'W/"x"' }],
      ['upsert', { partitionKey: 'acme', rowKey: 'replace', x: 'y' }, 'Replace'],
      ['upsert', { partitionKey: 'acme', rowKey: 'merge', x: 'y' }],
      ['delete', { partitionKey: 'acme', rowKey: 'gone' }],
      [
        'create',
        {
          partitionKey: 'acme',
          rowKey: 'typed',
          when: new Date('2026-12-02T10:00:00Z'),
          int64: { value: '123', type: 'Int64' },
          double: { value: 2, type: 'Double' },
          guid: { value: '5f2b8e0a-0000-4000-8000-000000000000', type: 'Guid' },
          bytes: new Uint8Array([1, 2, 250]),
          big: 12n,
          etag: 'ignored by the service',
        },
      ],
    ]);
  });

  it('matches the SDK for any keys and values (fast-check)', async () => {
    // Keys mix any code points with the ones URLs and OData quote specially.
    const key = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.string({ unit: fc.constantFrom("'", '|', ' ', '/', '#', '%', '?', '+', 'é', '😀', 'a'), maxLength: 8 }),
    );
    const value = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const entity = fc.record({
      partitionKey: fc.constant(''),
      rowKey: key,
      props: fc.dictionary(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/), value, { maxKeys: 4 }),
    });
    const action = fc.tuple(
      fc.constantFrom('create', 'delete', 'update', 'upsert'),
      entity,
      fc.constantFrom('Merge', 'Replace'),
      fc.option(fc.stringMatching(/^W\/"datetime'[0-9A-Za-z%.:-]{1,30}'"$/), { nil: undefined }),
    );
    await fc.assert(
      fc.asyncProperty(key, fc.array(action, { minLength: 1, maxLength: 5 }), async (partitionKey, drawn) => {
        const actions = drawn.map(([kind, e, mode, etag]): TransactionAction => {
          const row: TableEntity = { ...e.props, partitionKey, rowKey: e.rowKey };
          if (kind === 'create') return ['create', row];
          if (kind === 'delete') return ['delete', row];
          if (kind === 'upsert') return ['upsert', row, mode];
          return ['update', row, mode, etag === undefined ? {} : { etag }];
        });
        await expectSameBodyAsSdk(actions);
      }),
      { numRuns: 150 },
    );
  });
});

describe('a Table transaction on Azurite', () => {
  const tickets = useTicketsTable();

  it('commits every row and returns the ETags the SDK would, in the order of the actions', async () => {
    const table = tickets.table();
    await table.createEntity({ partitionKey: 'tx', rowKey: 'old', n: 1 });
    const old = await table.getEntity('tx', 'old');
    const response = await submitTransaction(table, [
      ['create', { partitionKey: 'tx', rowKey: "it's|1", text: 'é😀', n: 7 }],
      ['update', { partitionKey: 'tx', rowKey: 'old', n: 2 }, 'Replace', { etag: old.etag }],
    ]);
    expect(response.status).toBe(202);
    expect(response.subResponses.map((r) => r.status)).toEqual([204, 204]);
    const created = await table.getEntity<{ text: string; n: number }>('tx', "it's|1");
    expect([created.text, created.n, response.subResponses[0]?.etag]).toEqual(['é😀', 7, created.etag]);
    expect((await table.getEntity<{ n: number }>('tx', 'old')).n).toBe(2);
  });

  it('stores line and paragraph separators as sent, escaped in the body so no batch parser can cut it', async () => {
    const table = tickets.table();
    const text = '{"a":"}"}\u2028{"b":1}\u2029 end';
    const body = transactionBody(
      'http://x/devstoreaccount1/tickets',
      [['create', { partitionKey: 'sep', rowKey: 'r', text }]],
      'b',
      'c',
    );
    expect(body).not.toMatch(/[\u2028\u2029]/);
    expect(body).toContain('\\u2028');
    await submitTransaction(table, [
      ['create', { partitionKey: 'sep', rowKey: 'first', n: 1 }],
      ['create', { partitionKey: 'sep', rowKey: 'r', text }],
    ]);
    expect((await table.getEntity<{ text: string }>('sep', 'r')).text).toBe(text);
  });

  it('fails the whole transaction as the SDK does: 409 for a row that exists, 412 for a stale ETag, nothing written', async () => {
    const table = tickets.table();
    await table.createEntity({ partitionKey: 'tx-fail', rowKey: 'taken', n: 1 });
    const stale = (await table.getEntity('tx-fail', 'taken')).etag;
    await table.updateEntity({ partitionKey: 'tx-fail', rowKey: 'taken', n: 2 }, 'Replace');

    const outcome = async (run: () => Promise<unknown>) =>
      run().then(
        () => 'committed',
        (e: { statusCode?: number; code?: string }) => `${e.statusCode} ${e.code}`,
      );
    const exists: TransactionAction[] = [
      ['create', { partitionKey: 'tx-fail', rowKey: 'new' }],
      ['create', { partitionKey: 'tx-fail', rowKey: 'taken' }],
    ];
    const moved: TransactionAction[] = [
      ['create', { partitionKey: 'tx-fail', rowKey: 'new' }],
      ['update', { partitionKey: 'tx-fail', rowKey: 'taken', n: 3 }, 'Replace', { etag: stale }],
    ];
    expect(await outcome(() => submitTransaction(table, exists))).toBe(
      await outcome(() => table.submitTransaction(exists)),
    );
    expect(await outcome(() => submitTransaction(table, exists))).toMatch(/^409 /);
    expect(await outcome(() => submitTransaction(table, moved))).toBe(
      await outcome(() => table.submitTransaction(moved)),
    );
    expect(await outcome(() => submitTransaction(table, moved))).toMatch(/^412 /);
    await expect(table.getEntity('tx-fail', 'new')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('refuses rows of two partitions before sending anything', async () => {
    await expect(
      submitTransaction(tickets.table(), [
        ['create', { partitionKey: 'a', rowKey: '1' }],
        ['create', { partitionKey: 'b', rowKey: '1' }],
      ]),
    ).rejects.toThrow(/same partitionKey/);
  });
});
