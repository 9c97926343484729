import { randomUUID } from 'node:crypto';
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineRequest,
  RestError,
  type HttpClient,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import type { TableClient, TableEntity, TableTransactionResponse, TransactionAction } from '@azure/data-tables';

/**
 * One entity-group transaction (`$batch`), written here instead of `TableClient.submitTransaction`.
 *
 * Why: the SDK builds a transaction by running a whole SDK operation for every row — a new TableClient
 * and pipeline per transaction, then for each row a tracing span, core-client's generic serializer and a
 * policy that catches the request before it leaves — only to paste the rows' text into one body. On the
 * local host that was about a third of the host's CPU per ticket create (docs/performance.md,
 * "Wave 7"). Here the body is written directly, byte for byte what the SDK writes (the test sends the
 * same actions through both and compares), and sent through the client's own pipeline: authentication
 * (shared key or managed identity), retries, user agent and logging stay the SDK's.
 *
 * A SAS URL or a Cosmos DB endpoint (neither used by this app) goes to the SDK's own path, which knows
 * their differences.
 */
export async function submitTransaction(
  table: TableClient,
  actions: readonly TransactionAction[],
): Promise<TableTransactionResponse> {
  if (actions.length === 0 || !isPlainStorageEndpoint(table.url)) return table.submitTransaction([...actions]);
  const partitionKey = actions[0]?.[1].partitionKey;
  if (actions.some((action) => action[1].partitionKey !== partitionKey)) {
    throw new Error('All operations in a transaction must target the same partitionKey');
  }
  const batchId = randomUUID();
  const changesetId = randomUUID();
  const tableUrl = `${table.url.replace(/\/+$/, '')}/${table.tableName}`;
  const request = createPipelineRequest({
    url: `${table.url.replace(/\/+$/, '')}/$batch`,
    method: 'POST',
    body: transactionBody(tableUrl, actions, batchId, changesetId),
    headers: createHttpHeaders({
      accept: 'application/json',
      'x-ms-version': '2019-02-02',
      DataServiceVersion: '3.0;',
      MaxDataServiceVersion: '3.0;NetFx',
      'Content-Type': `multipart/mixed; boundary=batch_${batchId}`,
      'Accept-Charset': 'UTF-8',
      Connection: 'Keep-Alive',
    }),
    allowInsecureConnection: table.url.startsWith('http:'),
  });
  return transactionResponse(await table.pipeline.sendRequest(sharedHttpClient(), request));
}

const lineEnd = '\r\n';

/** The multipart body, in the SDK's layout (its blank lines included) so the two are interchangeable. */
export function transactionBody(
  tableUrl: string,
  actions: readonly TransactionAction[],
  batchId: string,
  changesetId: string,
): string {
  const parts = [
    `--batch_${batchId}${lineEnd}content-type: multipart/mixed; boundary=changeset_${changesetId}${lineEnd}${lineEnd}`,
  ];
  for (const action of actions) parts.push(subRequest(tableUrl, action, changesetId));
  return `${parts.join(lineEnd)}${lineEnd}--changeset_${changesetId}--${lineEnd}--batch_${batchId}--${lineEnd}`;
}

function subRequest(tableUrl: string, action: TransactionAction, changesetId: string): string {
  const [kind, entity] = action;
  const entityUrl = `${tableUrl}(PartitionKey='${keyInUrl(entity.partitionKey)}',RowKey='${keyInUrl(entity.rowKey)}')`;
  let start: string;
  let headers: string[];
  let body: string | undefined;
  switch (kind) {
    case 'create':
      start = `POST ${tableUrl}`;
      headers = [
        'Content-Type: application/json;odata=nometadata',
        'Accept: application/json;odata=minimalmetadata',
        'DataServiceVersion: 3.0',
        'Prefer: return-no-content',
      ];
      body = entityJson(entity);
      break;
    case 'delete':
      // The SDK's transaction deletes unconditionally, whatever the action carries.
      start = `DELETE ${entityUrl}`;
      headers = ['Accept: application/json;odata=minimalmetadata', 'DataServiceVersion: 3.0', 'If-Match: *'];
      break;
    case 'update': {
      const [, , mode = 'Merge', options] = action;
      start = `${mode === 'Replace' ? 'PUT' : 'PATCH'} ${entityUrl}`;
      headers = [
        'Content-Type: application/json',
        'DataServiceVersion: 3.0',
        'Accept: application/json',
        `If-Match: ${options?.etag ?? '*'}`,
      ];
      body = entityJson(entity);
      break;
    }
    case 'upsert': {
      const [, , mode = 'Merge'] = action;
      start = `${mode === 'Replace' ? 'PUT' : 'PATCH'} ${entityUrl}`;
      headers = ['Content-Type: application/json', 'DataServiceVersion: 3.0', 'Accept: application/json'];
      body = entityJson(entity);
      break;
    }
  }
  const lines = [
    `--changeset_${changesetId}`,
    'content-type: application/http',
    'content-transfer-encoding: binary',
    '',
    `${start} HTTP/1.1`,
    ...headers,
    lineEnd,
  ];
  if (body !== undefined) lines.push(body);
  return lines.join(lineEnd);
}

/** As the SDK puts a key in a path: quotes doubled for OData, then URI-encoded. */
function keyInUrl(key: string | undefined): string {
  return encodeURIComponent((key ?? '').replace(/'/g, "''"));
}

const reservedNames: Record<string, string> = {
  partitionKey: 'PartitionKey',
  rowKey: 'RowKey',
  etag: 'odata.etag',
  timestamp: 'Timestamp',
};
const edmTypes = new Set(['Boolean', 'DateTime', 'Double', 'Guid', 'Int32', 'Int64', 'String', 'Binary']);

/**
 * The SDK's entity serialization: JSON values as they are, the other types with their `@odata.type`.
 * U+2028 and U+2029 are written as `\u2028` and `\u2029` (the same JSON value): JSON.stringify leaves
 * them raw, and a batch parser that finds a sub-request's body line by line (Azurite's does) cuts the
 * body short there. Every other character that could end a line is already escaped by JSON.
 */
function entityJson(entity: TableEntity): string {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entity)) {
    const property = reservedNames[name] ?? name;
    const [serialized, type] = typedValue(value);
    out[property] = serialized;
    if (type) out[`${property}@odata.type`] = type;
  }
  return JSON.stringify(out).replace(lineSeparators, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
}

const lineSeparators = /[\u2028\u2029]/g;

function typedValue(value: unknown): [unknown, string?] {
  if (
    value === undefined ||
    value === null ||
    typeof value === 'boolean' ||
    typeof value === 'string' ||
    typeof value === 'number'
  )
    return [value];
  if (typeof value === 'bigint') return [value.toString(), 'Edm.Int64'];
  if (value instanceof Date) return [value, 'Edm.DateTime'];
  if (value instanceof Uint8Array)
    return [Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'), 'Edm.Binary'];
  if (
    typeof value === 'object' &&
    'value' in value &&
    'type' in value &&
    value.value !== undefined &&
    typeof value.type === 'string'
  ) {
    if (!edmTypes.has(value.type)) throw new Error(`Unknown EDM type ${typeof value.value}`);
    return [value.value, `Edm.${value.type}`];
  }
  throw new Error(`Unknown EDM type ${typeof value}`);
}

/** Parsed as the SDK parses it: a failed row throws a RestError with that row's status and error code. */
export function transactionResponse(response: PipelineResponse): TableTransactionResponse {
  const text = response.bodyAsText ?? '';
  if (response.status < 200 || response.status >= 300) throw transactionError(text, response.status, response);
  const subResponses = text
    .split('--changesetresponse_')
    .slice(1, -1)
    .map((part) => {
      const status = Number.parseInt(/HTTP\/1\.1 ([0-9]*)/.exec(part)?.[1] ?? '', 10);
      if (!Number.isInteger(status)) throw new Error(`Couldn't extract status from sub-response:\n ${part}`);
      const errorBody = /\{(.*)\}/.exec(part)?.[0];
      if (errorBody !== undefined) throw transactionError(errorBody, status, response);
      const etag = /ETag: (.*)/.exec(part)?.[1];
      const rowKey = /RowKey='(.*)'/.exec(part)?.[1];
      return { status, ...(rowKey !== undefined && { rowKey }), ...(etag !== undefined && { etag }) };
    });
  return {
    status: response.status,
    subResponses,
    getResponseForEntity: (rowKey: string) => subResponses.find((r) => r.rowKey === rowKey),
  };
}

function transactionError(bodyText: string, statusCode: number, response: PipelineResponse): RestError {
  let parsed: { 'odata.error'?: { code?: string; message?: { value?: string } } } = {};
  try {
    parsed = JSON.parse(bodyText) as typeof parsed;
  } catch {
    // Not JSON: the status alone says what failed.
  }
  const error = parsed?.['odata.error'];
  return new RestError(error?.message?.value ?? 'Transaction Failed', {
    code: error?.code,
    statusCode,
    request: response.request,
    response,
  });
}

function isPlainStorageEndpoint(url: string): boolean {
  return !url.includes('?') && !/\.table\.cosmos(db)?\./i.test(new URL(url).hostname);
}

let httpClient: HttpClient | undefined;
/** One keep-alive HTTP client for every transaction, as the SDK keeps one per process. */
function sharedHttpClient(): HttpClient {
  httpClient ??= createDefaultHttpClient();
  return httpClient;
}
