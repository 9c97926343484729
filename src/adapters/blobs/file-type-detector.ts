import type { DetectedType } from '../../domain/tickets/attachment';
import type { ContentTypeDetector } from '../../ports/attachment-blobs';

/** The one function of file-type this adapter uses. */
interface FileTypeModule {
  fileTypeFromBuffer(
    this: void,
    buffer: Uint8Array,
  ): Promise<{ readonly mime: string; readonly ext: string } | undefined>;
}

let loaded: Promise<FileTypeModule> | undefined;

/**
 * file-type (magic numbers, and the parts inside ZIP-based Office files). It is published as ESM only;
 * this CommonJS build (tsc `module: node20` keeps a dynamic `import()` as is) loads it once, on first use.
 */
export class FileTypeDetector implements ContentTypeDetector {
  async detect(head: Uint8Array): Promise<DetectedType | undefined> {
    loaded ??= import('file-type') as Promise<FileTypeModule>;
    const { fileTypeFromBuffer } = await loaded;
    const found = await fileTypeFromBuffer(head);
    return found ? { mime: found.mime, ext: found.ext } : undefined;
  }
}
