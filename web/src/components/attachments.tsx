import { useState } from 'preact/hooks';
import { messageOf } from '../api/client';
import { attachmentHref, maxAttachmentBytes, uploadAttachment } from '../api/attachments';
import type { Attachment } from '../api/types';

interface UploadState {
  readonly name: string;
  readonly fraction: number;
}

/**
 * **Attach files**: a file button and a drop zone. Files over 25 MB are refused before anything is sent;
 * each upload shows its progress, and the server's refusal (a type it does not take) is shown beside the
 * field. `upload` does the work, so the raise-ticket form can keep files until the ticket exists.
 */
export function FilePicker({
  id,
  upload,
  internal,
  pending,
}: {
  readonly id: string;
  readonly upload?: (file: File, internal: boolean, onProgress: (fraction: number) => void) => Promise<void>;
  readonly internal?: boolean;
  /** Without `upload`: files are chosen now and uploaded later by the page. */
  readonly pending?: { readonly files: readonly File[]; readonly set: (files: File[]) => void };
}) {
  const [errors, setErrors] = useState<string[]>([]);
  const [progress, setProgress] = useState<UploadState[]>([]);
  const [isInternal, setInternal] = useState(false);
  const [over, setOver] = useState(false);
  const errorId = `${id}-error`;

  async function take(list: FileList | null) {
    const files = [...(list ?? [])];
    const problems: string[] = [];
    const fitting = files.filter((file) => {
      if (file.size <= maxAttachmentBytes) return true;
      problems.push(`${file.name} is over 25 MB and was not uploaded.`);
      return false;
    });
    setErrors(problems);
    if (pending) {
      pending.set([...pending.files, ...fitting]);
      return;
    }
    for (const file of fitting) {
      setProgress((p) => [...p, { name: file.name, fraction: 0 }]);
      try {
        await upload?.(file, isInternal, (fraction) =>
          setProgress((p) => p.map((e) => (e.name === file.name ? { ...e, fraction } : e))),
        );
      } catch (caught) {
        problems.push(messageOf(caught));
        setErrors([...problems]);
      } finally {
        setProgress((p) => p.filter((e) => e.name !== file.name));
      }
    }
  }

  return (
    <div
      class={over ? 'field file-drop file-drop-over' : 'field file-drop'}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void take(e.dataTransfer?.files ?? null);
      }}
    >
      <label for={id}>Attach files</label>
      <div class="hint" id={`${id}-hint`}>
        Drop files here or choose them: screenshots, PDFs, logs, Office files, ZIPs; up to 25 MB each.
      </div>
      <input
        id={id}
        type="file"
        multiple
        aria-describedby={errors.length > 0 ? `${id}-hint ${errorId}` : `${id}-hint`}
        aria-invalid={errors.length > 0}
        onChange={(e) => {
          const input = e.currentTarget;
          void take(input.files).then(() => (input.value = ''));
        }}
      />
      {internal ? (
        <label class="inline">
          <input type="checkbox" checked={isInternal} onChange={(e) => setInternal(e.currentTarget.checked)} /> Internal
          files (staff only)
        </label>
      ) : null}
      {pending && pending.files.length > 0 ? (
        <ul aria-label="Files to attach">
          {pending.files.map((file) => (
            <li key={file.name}>{file.name}</li>
          ))}
        </ul>
      ) : null}
      {progress.map((p) => (
        <div key={p.name}>
          <progress aria-label={`Uploading ${p.name}`} max={1} value={p.fraction} /> {p.name}
        </div>
      ))}
      {errors.length > 0 ? (
        <div class="field-error" id={errorId}>
          {errors.map((message) => (
            <div key={message}>{message}</div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** The ticket's files, each a download link; images with a thumbnail when `thumbnails`. */
export function AttachmentList({
  ticketId,
  items,
  thumbnails,
}: {
  readonly ticketId: string;
  readonly items: readonly Attachment[];
  readonly thumbnails?: boolean;
}) {
  if (items.length === 0) return <p>No files yet.</p>;
  const unscanned = items.some((a) => a.scan === 'not-configured');
  return (
    <>
      {unscanned ? <p class="hint">Files on this desk are not scanned for malware: no scanner is configured.</p> : null}
      <ul class="attachments" aria-label="Files">
        {items.map((a) => (
          <li key={a.id}>
            {thumbnails && a.status === 'available' && /^image\/(png|jpeg|gif|webp)$/.test(a.contentType) ? (
              <img class="thumbnail" src={attachmentHref(ticketId, a.id)} alt={`Thumbnail of ${a.fileName}`} />
            ) : null}
            {a.status === 'available' ? (
              <a href={attachmentHref(ticketId, a.id)}>{a.fileName}</a>
            ) : (
              <span>{a.fileName}</span>
            )}{' '}
            <span class="hint">
              {formatSize(a.size)}, {a.by}
              {a.internal ? ', internal' : ''}
              {a.status === 'scanning' ? ', being scanned for malware' : ''}
              {a.status === 'blocked' ? ', blocked: malware found' : ''}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The section on a ticket page: the list and the picker; reloads the list after each upload. */
export function AttachmentsSection({
  ticketId,
  items,
  reload,
  thumbnails,
  internal,
}: {
  readonly ticketId: string;
  readonly items: readonly Attachment[];
  readonly reload: () => Promise<void>;
  readonly thumbnails?: boolean;
  readonly internal?: boolean;
}) {
  return (
    <section aria-labelledby="files-heading">
      <h2 id="files-heading">Files</h2>
      <AttachmentList ticketId={ticketId} items={items} thumbnails={thumbnails} />
      <FilePicker
        id="attach-files"
        internal={internal}
        upload={async (file, isInternal, onProgress) => {
          await uploadAttachment(ticketId, file, { internal: isInternal, onProgress });
          await reload();
        }}
      />
    </section>
  );
}
