import { BlobServiceClient, RestError, type ContainerClient } from '@azure/storage-blob';
import type { Clock } from '../../ports/clock';
import type { ExpiringRecords } from '../../ports/expiring-records';
import type { RawMailArchive } from '../../ports/raw-mail-archive';
import { azureCredential } from '../azure-credential';
import type { BlobSettings } from './attachment-storage';

export const rawMailContainer = 'raw-mail';

/**
 * The raw message of every taken mail, kept for the retention period (docs/mail-in.md): blob
 * `raw-mail/{yyyy-mm-dd}/{key}.eml`, the day it was first taken and the mail's key (sha256 of its
 * Message-ID). The first copy stays (a second take of the same mail on the same day writes nothing); the
 * retention sweep deletes whole days, so it never lists more than the days' prefixes and the expired blobs.
 */
export class BlobRawMailArchive implements RawMailArchive, ExpiringRecords {
  #ready: Promise<unknown> | undefined;

  constructor(
    private readonly container: ContainerClient,
    private readonly clock: Clock,
  ) {}

  async keep(key: string, raw: Uint8Array): Promise<void> {
    await this.#ensure();
    const name = `${dayOf(this.clock.now())}/${key}.eml`;
    try {
      await this.container.getBlockBlobClient(name).uploadData(raw, {
        blobHTTPHeaders: { blobContentType: 'message/rfc822' },
        conditions: { ifNoneMatch: '*' },
      });
    } catch (error) {
      // Kept already: the first copy of a mail is the one kept.
      if (!(error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412))) throw error;
    }
  }

  /** Deletes the days entirely before the cutoff's day. */
  async deleteOlderThan(cutoff: Date): Promise<number> {
    await this.#ensure();
    const lastKept = dayOf(cutoff);
    let deleted = 0;
    for await (const item of this.container.listBlobsByHierarchy('/')) {
      if (item.kind !== 'prefix') continue;
      const day = item.name.replace(/\/$/, '');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day >= lastKept) continue;
      for await (const blob of this.container.listBlobsFlat({ prefix: item.name })) {
        await this.container.deleteBlob(blob.name).catch((error: unknown) => {
          if (!(error instanceof RestError && error.statusCode === 404)) throw error;
        });
        deleted++;
      }
    }
    return deleted;
  }

  #ensure(): Promise<unknown> {
    this.#ready ??= this.container.createIfNotExists().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }
}

const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

/** The `raw-mail` container of the app's storage account, reached as the attachments container is. */
export function rawMailContainerFor(settings: BlobSettings): ContainerClient {
  const service = settings.AzureWebJobsStorage__blobServiceUri
    ? new BlobServiceClient(settings.AzureWebJobsStorage__blobServiceUri, azureCredential(settings.AZURE_CLIENT_ID))
    : BlobServiceClient.fromConnectionString(settings.AzureWebJobsStorage ?? '');
  return service.getContainerClient(rawMailContainer);
}
