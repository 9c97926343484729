import {
  BlobSASPermissions,
  BlobServiceClient,
  generateBlobSASQueryParameters,
  SASProtocol,
  StorageSharedKeyCredential,
  type BlobSASSignatureValues,
  type ContainerClient,
  type UserDelegationKey,
} from '@azure/storage-blob';
import type { AttachmentBlobs, ScanVerdict, SignedUrl, StoredBlob } from '../../ports/attachment-blobs';
import { isStatus } from '../tables/table-clients';

/** The index tag Defender for Storage's malware scanning writes on each blob it scanned, and its values. */
export const scanResultTag = 'Malware Scanning scan result';
export const scanResultValues = { clean: 'No threats found', malicious: 'Malicious' } as const;

/**
 * How SAS tokens are signed. `shared-key`: a service SAS with the account key (Azurite, a connection
 * string). `user-delegation`: a user-delegation key obtained with the app's Entra identity (Azure: the
 * managed identity holds Storage Blob Data Contributor and may ask for delegation keys); no account key
 * exists in the app. Chosen by what the settings hold, not by where the code runs.
 */
export type SasSigner =
  | { readonly kind: 'shared-key'; readonly credential: StorageSharedKeyCredential }
  | { readonly kind: 'user-delegation' };

export interface BlobAttachmentsOptions {
  /** The storage service's idea of now; the system clock (tests move it to sign URLs already expired). */
  readonly now?: () => Date;
}

/** Attachments in one Blob container, reached through signed URLs (docs/product-spec.md §9). */
export class BlobAttachments implements AttachmentBlobs {
  readonly #container: ContainerClient;
  readonly #now: () => Date;
  #delegation: { key: UserDelegationKey; until: number } | undefined;

  constructor(
    private readonly service: BlobServiceClient,
    containerName: string,
    private readonly signer: SasSigner,
    options: BlobAttachmentsOptions = {},
  ) {
    this.#container = service.getContainerClient(containerName);
    this.#now = options.now ?? (() => new Date());
  }

  /** Creates the container if it is missing (private: no anonymous access). */
  async ensureContainer(): Promise<void> {
    await this.#container.createIfNotExists();
  }

  uploadUrl(blobName: string, seconds: number): Promise<SignedUrl> {
    // Create and write only: no read, delete, list or tags; `sr=b` binds the signature to this blob's path.
    return this.#sign(blobName, seconds, BlobSASPermissions.parse('cw'), {});
  }

  readUrl(
    blobName: string,
    seconds: number,
    response: { readonly contentType: string; readonly contentDisposition: string },
  ): Promise<SignedUrl> {
    // The response headers are part of the signature (rsct, rscd): the URL cannot be edited to serve HTML.
    return this.#sign(blobName, seconds, BlobSASPermissions.parse('r'), {
      contentType: response.contentType,
      contentDisposition: response.contentDisposition,
      cacheControl: 'private, no-store',
    });
  }

  async stat(blobName: string): Promise<{ size: number; etag: string } | undefined> {
    try {
      const properties = await this.#container.getBlobClient(blobName).getProperties();
      return { size: properties.contentLength ?? 0, etag: properties.etag ?? '' };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async head(blobName: string, bytes: number): Promise<Uint8Array> {
    // One ranged GET: only the first bytes ever reach the app, whatever the file's size (a shorter
    // blob answers what it has).
    const response = await this.#container.getBlobClient(blobName).download(0, bytes);
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of response.readableStreamBody ?? []) {
      const piece = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      chunks.push(piece);
      length += piece.length;
      if (length >= bytes) break;
    }
    const all = Buffer.concat(chunks).subarray(0, bytes);
    return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
  }

  async scanVerdict(blobName: string): Promise<ScanVerdict> {
    try {
      const { tags } = await this.#container.getBlobClient(blobName).getTags();
      const result = tags[scanResultTag];
      if (result === scanResultValues.malicious) return 'malicious';
      if (result === scanResultValues.clean) return 'clean';
      return undefined;
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async put(blobName: string, bytes: Uint8Array): Promise<string> {
    const response = await this.#container
      .getBlockBlobClient(blobName)
      .uploadData(bytes, { conditions: { ifNoneMatch: '*' } });
    return response.etag ?? '';
  }

  async delete(blobName: string): Promise<void> {
    await this.#container.getBlobClient(blobName).deleteIfExists();
  }

  async *list(): AsyncIterable<StoredBlob> {
    // List Blobs answers in name order, up to 5000 a page; only names and properties, never the bytes.
    for await (const blob of this.#container.listBlobsFlat()) {
      yield { name: blob.name, lastModified: blob.properties.lastModified };
    }
  }

  async #sign(
    blobName: string,
    seconds: number,
    permissions: BlobSASPermissions,
    extra: Partial<BlobSASSignatureValues>,
  ): Promise<SignedUrl> {
    const now = this.#now();
    // A minute back for clock skew between this instance and the storage service; the end is exact.
    const startsOn = new Date(now.getTime() - 60_000);
    const expiresOn = new Date(now.getTime() + seconds * 1000);
    const https = this.#container.url.startsWith('https:');
    const values: BlobSASSignatureValues = {
      containerName: this.#container.containerName,
      blobName,
      permissions,
      startsOn,
      expiresOn,
      protocol: https ? SASProtocol.Https : SASProtocol.HttpsAndHttp,
      ...extra,
    };
    const query =
      this.signer.kind === 'shared-key'
        ? generateBlobSASQueryParameters(values, this.signer.credential).toString()
        : generateBlobSASQueryParameters(
            values,
            await this.#delegationKey(now, expiresOn),
            this.service.accountName,
          ).toString();
    return { url: `${this.#container.getBlobClient(blobName).url}?${query}`, expiresAt: expiresOn };
  }

  /** One user-delegation key serves every URL signed within its life (asked for a day, renewed an hour early). */
  async #delegationKey(now: Date, until: Date): Promise<UserDelegationKey> {
    const cached = this.#delegation;
    if (cached && cached.until > until.getTime() + 3_600_000) return cached.key;
    const keyEnd = new Date(now.getTime() + 24 * 3_600_000);
    const key = await this.service.getUserDelegationKey(new Date(now.getTime() - 60_000), keyEnd);
    this.#delegation = { key, until: keyEnd.getTime() };
    return key;
  }
}
