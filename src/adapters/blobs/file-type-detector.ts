import type { DetectedType } from '../../domain/tickets/attachment';
import type { ContentTypeDetector } from '../../ports/attachment-blobs';

type FileTypeModule = typeof import('file-type', { with: { 'resolution-mode': 'import' } });

let loaded: Promise<FileTypeModule> | undefined;

/**
 * file-type (magic numbers, and the parts inside ZIP-based Office files). It is published as ESM only;
 * this CommonJS build loads it with a dynamic `import()` once, on first use.
 */
export class FileTypeDetector implements ContentTypeDetector {
  async detect(head: Uint8Array): Promise<DetectedType | undefined> {
    loaded ??= import('file-type');
    const { fileTypeFromBuffer } = await loaded;
    const found = await fileTypeFromBuffer(head);
    return found ? { mime: found.mime, ext: found.ext } : undefined;
  }
}
