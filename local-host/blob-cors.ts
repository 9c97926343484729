import { BlobServiceClient } from '@azure/storage-blob';

/**
 * Lets the app's pages PUT attachments straight to the local Blob service, as the Bicep's CORS rule does
 * on the storage account in Azure: the app's own origin only, only the methods and headers an upload
 * and a download need.
 */
export async function allowBrowserUploads(connectionString: string, appOrigins: readonly string[]): Promise<void> {
  const service = BlobServiceClient.fromConnectionString(connectionString);
  await service.setProperties({
    cors: [
      {
        allowedOrigins: [...new Set(appOrigins)].join(','),
        allowedMethods: 'PUT,GET,HEAD',
        allowedHeaders: 'content-type,x-ms-blob-type,x-ms-version,x-ms-date,x-ms-client-request-id',
        exposedHeaders: 'etag,x-ms-request-id',
        maxAgeInSeconds: 600,
      },
    ],
  });
}
