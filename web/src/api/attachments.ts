import { ApiError, call, client } from './client';
import type { Attachment } from './types';

/** docs/product-spec.md §9: checked here before anything is sent, and again by the server. */
export const maxAttachmentBytes = 25 * 1024 * 1024;

export async function listAttachments(ticketId: string): Promise<Attachment[]> {
  const { data } = await call(client.GET('/api/tickets/{ticketId}/attachments', { params: { path: { ticketId } } }));
  return data.items;
}

/** Where the browser downloads a file: the API answers with a redirect to a short-lived read URL. */
export function attachmentHref(ticketId: string, attachmentId: string): string {
  return `/api/tickets/${encodeURIComponent(ticketId)}/attachments/${encodeURIComponent(attachmentId)}`;
}

/**
 * Uploads one file: asks for an upload URL, PUTs the bytes straight to Blob Storage (never through the
 * app), then asks the app to check them. `onProgress` gets 0..1 while the bytes travel.
 */
export async function uploadAttachment(
  ticketId: string,
  file: File,
  options: { readonly internal?: boolean; readonly onProgress?: (fraction: number) => void } = {},
): Promise<Attachment> {
  if (file.size > maxAttachmentBytes)
    throw new ApiError({ title: 'Too large', status: 0, detail: `${file.name} is over 25 MB.` });
  const { data: upload } = await call(
    client.POST('/api/tickets/{ticketId}/attachments', {
      params: { path: { ticketId } },
      body: {
        fileName: file.name,
        contentType: file.type || 'application/octet-stream',
        size: file.size,
        ...(options.internal ? { internal: true } : {}),
      },
    }),
  );
  await putBlob(upload.uploadUrl, file, options.onProgress);
  const { data } = await call(
    client.POST('/api/tickets/{ticketId}/attachments/{attachmentId}/complete', {
      params: { path: { ticketId, attachmentId: upload.id } },
    }),
  );
  return data;
}

/** XMLHttpRequest rather than fetch: it reports upload progress. */
function putBlob(url: string, file: File, onProgress?: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (status: number) =>
      new ApiError({ title: 'Upload failed', status, detail: `${file.name} could not be uploaded.` });
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
      } else reject(failed(request.status));
    };
    request.onerror = () => reject(failed(0));
    request.send(file);
  });
}
