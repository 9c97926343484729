import type { AttachmentBlobs, ScanVerdict, SignedUrl, StoredBlob } from '../../../src/ports/attachment-blobs';

/**
 * AttachmentBlobs in memory for app tests: URLs are `memory:` strings that say what they allow; a test
 * plays the browser with `upload` and the scanner with `tag`. Blob Storage's own rules (SAS scope and
 * expiry) are tested on Azurite in test/adapters/blobs.
 */
export class InMemoryAttachmentBlobs implements AttachmentBlobs {
  readonly blobs = new Map<
    string,
    { bytes: Uint8Array; etag: string; tags: Record<string, string>; lastModified: Date }
  >();
  readonly signed: { blobName: string; seconds: number; kind: 'upload' | 'read'; headers?: unknown }[] = [];
  /** Largest head read so far: the app must never read a whole file. */
  largestRead = 0;
  #etags = 0;

  /** The storage service's clock, which stamps each blob's last-modified time (a test passes its virtual clock). */
  constructor(private readonly now: () => Date = () => new Date()) {}

  uploadUrl(blobName: string, seconds: number): Promise<SignedUrl> {
    this.signed.push({ blobName, seconds, kind: 'upload' });
    return Promise.resolve({ url: `memory://upload/${blobName}`, expiresAt: new Date(Date.now() + seconds * 1000) });
  }

  readUrl(
    blobName: string,
    seconds: number,
    headers: { contentType: string; contentDisposition: string },
  ): Promise<SignedUrl> {
    this.signed.push({ blobName, seconds, kind: 'read', headers });
    return Promise.resolve({ url: `memory://read/${blobName}`, expiresAt: new Date(Date.now() + seconds * 1000) });
  }

  /** The browser's PUT to an upload URL. */
  upload(url: string, bytes: Uint8Array): void {
    const name = url.replace(/^memory:\/\/upload\//, '');
    this.blobs.set(name, { bytes, etag: `"${++this.#etags}"`, tags: {}, lastModified: this.now() });
  }

  /** What Defender writes on a blob. */
  tag(blobName: string, value: string): void {
    const blob = this.blobs.get(blobName);
    if (blob) blob.tags['Malware Scanning scan result'] = value;
  }

  stat(blobName: string) {
    const blob = this.blobs.get(blobName);
    return Promise.resolve(blob ? { size: blob.bytes.length, etag: blob.etag } : undefined);
  }

  head(blobName: string, bytes: number): Promise<Uint8Array> {
    const blob = this.blobs.get(blobName);
    if (!blob) return Promise.reject(new Error(`no blob ${blobName}`));
    const head = blob.bytes.subarray(0, bytes);
    this.largestRead = Math.max(this.largestRead, head.length);
    return Promise.resolve(head);
  }

  scanVerdict(blobName: string): Promise<ScanVerdict> {
    const value = this.blobs.get(blobName)?.tags['Malware Scanning scan result'];
    return Promise.resolve(value === 'Malicious' ? 'malicious' : value === 'No threats found' ? 'clean' : undefined);
  }

  put(blobName: string, bytes: Uint8Array): Promise<string> {
    if (this.blobs.has(blobName)) return Promise.reject(new Error('exists'));
    const etag = `"${++this.#etags}"`;
    this.blobs.set(blobName, { bytes, etag, tags: {}, lastModified: this.now() });
    return Promise.resolve(etag);
  }

  delete(blobName: string): Promise<void> {
    this.blobs.delete(blobName);
    return Promise.resolve();
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- an async generator, as the adapter's paging is
  async *list(): AsyncIterable<StoredBlob> {
    // Name order, as Blob Storage lists (code-unit order, like its UTF-8 byte order for these ASCII names).
    const names = [...this.blobs.keys()].sort();
    for (const name of names) {
      const blob = this.blobs.get(name);
      if (blob) yield { name, lastModified: blob.lastModified };
    }
  }
}
