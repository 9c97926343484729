// API types for attachments, in a file of their own so that types generated from the OpenAPI document
// can replace them.
import { api, ApiError } from './api';

export interface AttachmentView {
  readonly id: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly internal: boolean;
  readonly by: string;
  readonly at: string;
  readonly status: 'scanning' | 'available' | 'blocked';
  readonly scan: 'defender' | 'not-configured';
}

interface UploadTicket {
  readonly id: string;
  readonly uploadUrl: string;
  readonly expiresAt: string;
}

/** docs/product-spec.md §9: checked here before anything is sent, and again by the server. */
export const maxAttachmentBytes = 25 * 1024 * 1024;

const base = (ticketId: string) => `/api/tickets/${encodeURIComponent(ticketId)}/attachments`;

export async function listAttachments(ticketId: string): Promise<AttachmentView[]> {
  return (await api<{ items: AttachmentView[] }>('GET', base(ticketId))).data.items;
}

/** Where the browser downloads a file: the API answers with a redirect to a short-lived read URL. */
export function attachmentHref(ticketId: string, attachmentId: string): string {
  return `${base(ticketId)}/${encodeURIComponent(attachmentId)}`;
}

/**
 * Uploads one file: asks for an upload URL, PUTs the bytes straight to Blob Storage (never through the
 * app), then asks the app to check them. `onProgress` gets 0..1 while the bytes travel.
 */
export async function uploadAttachment(
  ticketId: string,
  file: File,
  options: { readonly internal?: boolean; readonly onProgress?: (fraction: number) => void } = {},
): Promise<AttachmentView> {
  if (file.size > maxAttachmentBytes)
    throw new ApiError({ title: 'Too large', status: 0, detail: `${file.name} is over 25 MB.` });
  const { data: upload } = await api<UploadTicket>('POST', base(ticketId), {
    body: {
      fileName: file.name,
      contentType: file.type || 'application/octet-stream',
      size: file.size,
      ...(options.internal ? { internal: true } : {}),
    },
  });
  await putBlob(upload.uploadUrl, file, options.onProgress);
  const { data } = await api<AttachmentView>('POST', `${base(ticketId)}/${encodeURIComponent(upload.id)}/complete`);
  return data;
}

/** XMLHttpRequest rather than fetch: it reports upload progress. */
function putBlob(url: string, file: File, onProgress?: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    request.setRequestHeader('x-ms-blob-type', 'BlockBlob');
    request.setRequestHeader('content-type', file.type || 'application/octet-stream');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total);
    };
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress?.(1);
        resolve();
      } else
        reject(
          new ApiError({
            title: 'Upload failed',
            status: request.status,
            detail: `${file.name} could not be uploaded.`,
          }),
        );
    };
    request.onerror = () =>
      reject(new ApiError({ title: 'Upload failed', status: 0, detail: `${file.name} could not be uploaded.` }));
    request.send(file);
  });
}
