import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

export interface StorageRequestCounts {
  /** GETs: point reads and queries. */
  reads: number;
  /** `$batch` entity-group transactions. */
  transactions: number;
  /** Single-entity writes (inserts, updates, deletes). */
  writes: number;
}

/**
 * Counts the HTTP requests this process sends to one Azurite (by port), through Node's
 * `http.client.request.start` diagnostics channel — nothing in the engine is wrapped or replaced.
 */
export function countStorageRequests(connectionString: string): {
  readonly counts: StorageRequestCounts;
  reset(): void;
  stop(): void;
} {
  const port = /TableEndpoint=https?:\/\/[^:/]+:(\d+)/.exec(connectionString)?.[1];
  if (!port) throw new Error(`No table endpoint port in ${connectionString}`);
  const counts: StorageRequestCounts = { reads: 0, transactions: 0, writes: 0 };
  const listener = (message: unknown): void => {
    const request = (message as { request: ClientRequest }).request;
    if (!String(request.getHeader('host') ?? '').endsWith(`:${port}`)) return;
    if (request.method === 'GET') counts.reads++;
    else if (request.path.split('?')[0]!.endsWith('/$batch')) counts.transactions++;
    else counts.writes++;
  };
  subscribe('http.client.request.start', listener);
  return {
    counts,
    reset: () => Object.assign(counts, { reads: 0, transactions: 0, writes: 0 }),
    stop: () => void unsubscribe('http.client.request.start', listener),
  };
}
