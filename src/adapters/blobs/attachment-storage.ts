import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { AppSettings } from '../../config/app-settings';
import { azureCredential } from '../azure-credential';
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
export function createAttachmentBlobs(settings: BlobSettings): BlobAttachments {
  if (settings.AzureWebJobsStorage__blobServiceUri) {
    const service = new BlobServiceClient(
      settings.AzureWebJobsStorage__blobServiceUri,
      azureCredential(settings.AZURE_CLIENT_ID),
    );
    return new BlobAttachments(service, attachmentContainer, { kind: 'user-delegation' });
  }
  const service = BlobServiceClient.fromConnectionString(settings.AzureWebJobsStorage ?? '');
  if (!(service.credential instanceof StorageSharedKeyCredential))
    throw new Error('AzureWebJobsStorage must hold an account key (AccountKey=…) to sign attachment URLs.');
  return new BlobAttachments(service, attachmentContainer, { kind: 'shared-key', credential: service.credential });
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
