import type { TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline';
import {
  newPipeline,
  type AnonymousCredential,
  type Pipeline,
  type RequestPolicy,
  type RequestPolicyFactory,
  type StorageSharedKeyCredential,
  type WebResource,
} from '@azure/storage-blob';
import type { Meter } from '../../ports/meter';

export type StorageService = 'table' | 'blob' | 'queue';

export const storageMeteringPolicyName = 'supportDeskStorageMetering';

/**
 * Counts every request a storage client sends, as Azure bills it: one transaction per REST request,
 * each retry included (the policy sits per retry). "Each individual Blob, Table and Queue REST request
 * to the storage service is considered as a potential transaction for billing" (Azure Storage team,
 * "Understanding Windows Azure Storage Billing"), so an entity-group transaction (`$batch`, up to 100
 * rows of one partition) is one request and one billed transaction (docs/azure-prices.md).
 *
 * Names: `<service>.transactions` plus one kind — tables `batch`, `read` (point read), `query`,
 * `write` (insert, update, upsert), `delete`, `table` (create/delete a table); blobs `write` (put,
 * list, create container: the write-priced class), `read` (get, head: the read class), `delete`
 * (free); queues `class1` (writes, receives) and `class2` (peeks, properties).
 */
export function storageMeteringPolicy(service: StorageService, meter: Meter): PipelinePolicy {
  return {
    name: storageMeteringPolicyName,
    sendRequest(request, next) {
      meter.add(`${service}.transactions`);
      meter.add(`${service}.${storageRequestKind(service, request)}`);
      return next(request);
    },
  };
}

export function storageRequestKind(service: StorageService, request: Pick<PipelineRequest, 'url' | 'method'>): string {
  const url = new URL(request.url);
  const path = decodeURIComponent(url.pathname);
  const method = request.method.toUpperCase();
  if (service === 'table') {
    if (path.endsWith('/$batch')) return 'batch';
    if (/\/Tables(\(|$)/.test(path)) return 'table';
    if (method === 'GET') return /\(PartitionKey=.*,RowKey=.*\)$/.test(path) ? 'read' : 'query';
    if (method === 'DELETE') return 'delete';
    return 'write';
  }
  if (service === 'blob') {
    if (method === 'DELETE') return 'delete';
    if (method === 'GET' && url.searchParams.get('comp') === 'list') return 'write';
    if (method === 'GET' || method === 'HEAD') return 'read';
    return 'write';
  }
  // Queues: receiving (GET …/messages without peekonly) is billed as a write, like put and delete.
  if (method === 'GET' && path.endsWith('/messages') && url.searchParams.get('peekonly') !== 'true') return 'class1';
  if (method === 'GET' || method === 'HEAD') return 'class2';
  return 'class1';
}

/**
 * The same count for Blob clients, whose SDK builds its pipeline from request-policy factories: a
 * pipeline for `new BlobServiceClient(url, pipeline)` with the counting factory added. Every client the
 * service hands out (containers, blobs) shares it.
 */
export function meteredBlobPipeline(
  credential: StorageSharedKeyCredential | TokenCredential | AnonymousCredential,
  meter: Meter,
): Pipeline {
  const pipeline = newPipeline(credential);
  const counting: RequestPolicyFactory = {
    create: (next: RequestPolicy): RequestPolicy => ({
      sendRequest(request: WebResource) {
        meter.add('blob.transactions');
        meter.add(`blob.${storageRequestKind('blob', request)}`);
        return next.sendRequest(request);
      },
    }),
  };
  pipeline.factories.push(counting);
  return pipeline;
}
