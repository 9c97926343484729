import type { DetectedType } from '../domain/tickets/attachment';

/** A signed URL and the instant the storage service stops honouring it. */
export interface SignedUrl {
  readonly url: string;
  readonly expiresAt: Date;
}

/** What the malware scanner wrote on a blob (Defender for Storage's scan-result index tag), if anything. */
export type ScanVerdict = 'clean' | 'malicious' | undefined;

/**
 * Where attachment bytes live (Blob Storage). Browsers move the bytes themselves through signed URLs;
 * the app only signs, inspects a blob's size, its first bytes and its tags, and deletes. URL lifetimes
 * are judged by the storage service's clock, so they are given as durations.
 */
export interface AttachmentBlobs {
  /** A URL that can create or overwrite this one blob and nothing else: no read, no list, no delete. */
  uploadUrl(blobName: string, seconds: number): Promise<SignedUrl>;
  /** A URL that reads this one blob, answered with these response headers. */
  readUrl(
    blobName: string,
    seconds: number,
    response: { readonly contentType: string; readonly contentDisposition: string },
  ): Promise<SignedUrl>;
  /**
   * The stored size and version (ETag), or undefined when nothing was uploaded. The version pins the
   * bytes that were checked: an upload URL stays valid for its 10 minutes, so a later overwrite is
   * told by a new ETag and never served.
   */
  stat(blobName: string): Promise<{ readonly size: number; readonly etag: string } | undefined>;
  /** Up to `bytes` bytes from the start of the blob (one ranged read: never the whole file). */
  head(blobName: string, bytes: number): Promise<Uint8Array>;
  scanVerdict(blobName: string): Promise<ScanVerdict>;
  /** Stores bytes the app already holds (a mail's attachment), never over an existing blob; answers its ETag. */
  put(blobName: string, bytes: Uint8Array): Promise<string>;
  /** Deletes the blob; nothing happens if it is not there. */
  delete(blobName: string): Promise<void>;
  /**
   * Every blob's name and last-modified time, in name order (so a ticket's blobs, `{clientId}/{number}/…`,
   * come together), page by page: the retention sweep walks them without holding the whole list.
   */
  list(): AsyncIterable<StoredBlob>;
}

/** A blob as listed: its name and when its bytes were last written. */
export interface StoredBlob {
  readonly name: string;
  readonly lastModified: Date;
}

/** Tells a file's type from its first bytes by their magic numbers; undefined when it knows none. */
export interface ContentTypeDetector {
  detect(head: Uint8Array): Promise<DetectedType | undefined>;
}
