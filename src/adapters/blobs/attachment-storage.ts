import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { AppSettings } from '../../config/app-settings';
import { azureCredential } from '../azure-credential';
import { processMeter } from '../metering/counting-meter';
import { meteredBlobPipeline } from '../metering/storage-metering-policy';
import type { Meter } from '../../ports/meter';
import { BlobAttachments } from './blob-attachments';

export const attachmentContainer = 'attachments';

export type BlobSettings = Pick<
  AppSettings,
  'AzureWebJobsStorage' | 'AzureWebJobsStorage__blobServiceUri' | 'AZURE_CLIENT_ID'
>;

/**
 * The attachments container of the app's storage account: with the blob endpoint and the managed
 * identity (Azure: user-delegation SAS), or with a connection string holding the account key (Azurite,
 * tests: service SAS). The settings decide, as for the tables.
 */
export function createAttachmentBlobs(settings: BlobSettings, meter: Meter = processMeter): BlobAttachments {
  // Every request the app sends to the blob service is counted as a billed transaction.
  if (settings.AzureWebJobsStorage__blobServiceUri) {
    const service = new BlobServiceClient(
      settings.AzureWebJobsStorage__blobServiceUri,
      meteredBlobPipeline(azureCredential(settings.AZURE_CLIENT_ID), meter),
    );
    return new BlobAttachments(service, attachmentContainer, { kind: 'user-delegation' });
  }
  // The connection string is parsed by the SDK; the client is then rebuilt on the counting pipeline.
  const parsed = BlobServiceClient.fromConnectionString(settings.AzureWebJobsStorage ?? '');
  const credential = parsed.credential;
  if (!(credential instanceof StorageSharedKeyCredential))
    throw new Error('AzureWebJobsStorage must hold an account key (AccountKey=…) to sign attachment URLs.');
  const service = new BlobServiceClient(parsed.url, meteredBlobPipeline(credential, meter));
  return new BlobAttachments(service, attachmentContainer, { kind: 'shared-key', credential });
}

/** The blob endpoint's origin, which the pages' CSP lets them talk to (uploads, thumbnails). */
export function blobOrigin(settings: BlobSettings): string | undefined {
  try {
    if (settings.AzureWebJobsStorage__blobServiceUri)
      return new URL(settings.AzureWebJobsStorage__blobServiceUri).origin;
    const endpoint = /(?:^|;)BlobEndpoint=([^;]+)/i.exec(settings.AzureWebJobsStorage ?? '')?.[1];
    if (endpoint) return new URL(endpoint).origin;
    const account = /(?:^|;)AccountName=([^;]+)/i.exec(settings.AzureWebJobsStorage ?? '')?.[1];
    const suffix = /(?:^|;)EndpointSuffix=([^;]+)/i.exec(settings.AzureWebJobsStorage ?? '')?.[1] ?? 'core.windows.net';
    return account ? `https://${account}.blob.${suffix}` : undefined;
  } catch {
    return undefined;
  }
}
