import { randomBytes } from 'node:crypto';
import type { Client } from '../domain/clients/client';
import { DomainError } from '../domain/domain-error';
import { domainEvent } from '../domain/events/event-catalogue';
import {
  assertCanAttach,
  attachmentLimits,
  cleanFileName,
  judgeType,
  liveAttachments,
  opensInline,
  type Attachment,
  type AttachmentScan,
  type AttachmentStatus,
} from '../domain/tickets/attachment';
import { assertTicketStorable, type Ticket } from '../domain/tickets/ticket';
import type { PendingEvent } from '../domain/tickets/timeline-event';
import type { AttachmentBlobs, ContentTypeDetector } from '../ports/attachment-blobs';
import type { ClientStore } from '../ports/client-store';
import type { Clock } from '../ports/clock';
import type { StoredTicket, TicketStore } from '../ports/ticket-store';
import { ticketTerms } from './agreement-terms';
import { actorName, canSeeClient, isStaff, type Principal } from './principal';
import { hotRowBackoff, retryOnConflict, stillContended } from './retry-on-conflict';
import { findTicket } from './ticket-lookup';
import type { TicketChangeListener } from '../ports/change-listeners';
import { mayRead, requireScope } from './ticket-access';
import { queuePositionOf } from './ticket-view';

export interface BeginUploadBody {
  readonly fileName: string;
  /** What the browser says the file is; informational: the bytes decide. */
  readonly contentType: string;
  readonly size: number;
  readonly internal?: boolean;
}

export interface UploadTicket {
  readonly id: string;
  readonly uploadUrl: string;
  readonly expiresAt: string;
}

/** An attachment as the API lists it: the record without its storage bookkeeping, never `uploading`. */
export interface AttachmentView extends Omit<Attachment, 'status' | 'etag' | 'uploadExpiresAt'> {
  readonly status: Exclude<AttachmentStatus, 'uploading'>;
}

/** The outcome of attaching bytes the app already holds (a mail's attachment): refusals are not errors there. */
export type AttachStoredResult =
  | { readonly kind: 'attached'; readonly attachment: AttachmentView }
  | { readonly kind: 'refused'; readonly reason: string };

/**
 * Files on tickets (docs/product-spec.md §9). The bytes never pass through the app: it hands out a URL that can write
 * one blob, then checks what was stored (its size, and its type by its first bytes, read with one ranged
 * request), and serves files through short-lived read URLs. Attachments live in the ticket document, so
 * an attachment and its `ticket.attachment-added` event commit in the ticket's transaction.
 */
/** How long after its link expired an upload may still be completed (a slow `complete` call, a clock apart). */
const abandonedAfterMs = 60 * 60 * 1000;

export class AttachmentService {
  constructor(
    private readonly clients: ClientStore,
    private readonly tickets: TicketStore,
    private readonly blobs: AttachmentBlobs,
    private readonly detector: ContentTypeDetector,
    private readonly clock: Clock,
    private readonly listeners: readonly TicketChangeListener[],
    /** Whether a malware scanner (Defender for Storage) tags uploads; without one files are available at once. */
    private readonly scan: AttachmentScan,
  ) {}

  /** Records the upload under way and signs a URL that can write exactly its blob, for 10 minutes. */
  async begin(principal: Principal, ticketId: string, body: BeginUploadBody): Promise<UploadTicket> {
    requireScope(principal, 'tickets:write');
    if (body.internal === true && !isStaff(principal))
      throw new DomainError('forbidden', 'Only the support team attaches internal files.', 'internal');
    const id = newAttachmentId();
    const fileName = cleanFileName(body.fileName);
    let signed: { url: string; expiresAt: Date } | undefined;
    await this.#change(principal, ticketId, async (ticket) => {
      const now = this.clock.now();
      const live = liveAttachments(ticket.attachments ?? [], now);
      assertCanAttach(live, body.size);
      signed ??= await this.blobs.uploadUrl(blobName(ticket, id), attachmentLimits.uploadUrlSeconds);
      const pending: Attachment = {
        id,
        fileName,
        contentType: body.contentType,
        size: body.size,
        internal: body.internal === true,
        by: actorName(principal),
        at: now.toISOString(),
        status: 'uploading',
        scan: this.scan,
        // On the app's clock (the count of uploads under way is the app's rule); the URL's own end is the storage's.
        uploadExpiresAt: new Date(now.getTime() + attachmentLimits.uploadUrlSeconds * 1000).toISOString(),
      };
      return { ticket: { ...ticket, attachments: [...live, pending] }, events: [] };
    });
    if (!signed) throw new Error('unreachable: the change signs the URL');
    return { id, uploadUrl: signed.url, expiresAt: signed.expiresAt.toISOString() };
  }

  /**
   * Checks the uploaded blob and makes it the ticket's: the stored size must be the declared one and the
   * bytes of an allowed type; otherwise the blob is deleted and the upload dropped. Completing twice
   * answers the attachment again.
   */
  async complete(principal: Principal, ticketId: string, attachmentId: string): Promise<AttachmentView> {
    requireScope(principal, 'tickets:write');
    const found = await this.#read(principal, ticketId);
    const attachment = visibleAttachment(principal, found.stored.ticket, attachmentId, true);
    if (attachment.status !== 'uploading') return view(attachment);
    if (!isStaff(principal) && attachment.by !== actorName(principal))
      throw new DomainError('not-found', `No attachment ${attachmentId}.`);
    // Long after its link expired the upload counts as abandoned: the daily sweep may be deleting its blob.
    if (Date.parse(attachment.uploadExpiresAt ?? '') + abandonedAfterMs < this.clock.now().getTime())
      throw new DomainError(
        'conflict',
        'This upload was abandoned (its link expired over an hour ago): upload it again.',
      );
    const blob = blobName(found.stored.ticket, attachmentId);
    const stat = await this.blobs.stat(blob);
    if (stat === undefined)
      throw new DomainError('conflict', 'Nothing has been uploaded for this attachment yet: PUT the file first.');
    const verdict = await this.#judge(blob, attachment.fileName, stat.size, attachment.size);
    if (verdict.kind === 'refused') {
      await this.blobs.delete(blob);
      await this.#drop(principal, ticketId, attachmentId);
      throw new DomainError(verdict.error, verdict.message, verdict.field);
    }
    // Read again after the check: a blob overwritten while it was judged gets a new ETag and is refused later.
    const done = await this.#accept(principal, ticketId, attachmentId, verdict.contentType, stat);
    return view(done);
  }

  /** The ticket's files the caller may see, oldest first; uploads not yet checked are left out. */
  async list(principal: Principal, ticketId: string): Promise<AttachmentView[]> {
    requireScope(principal, 'tickets:read');
    const { stored } = await this.#read(principal, ticketId);
    const shown = (stored.ticket.attachments ?? []).filter(
      (a) => a.status !== 'uploading' && (isStaff(principal) || !a.internal),
    );
    return Promise.all(
      shown.map(async (a) => view({ ...a, status: await this.#status(blobName(stored.ticket, a.id), a) })),
    );
  }

  /** A URL that reads the file for 5 minutes; never for a blocked file, nor one the scanner has not cleared. */
  async downloadUrl(principal: Principal, ticketId: string, attachmentId: string): Promise<string> {
    requireScope(principal, 'tickets:read');
    const { stored } = await this.#read(principal, ticketId);
    const attachment = visibleAttachment(principal, stored.ticket, attachmentId, false);
    const blob = blobName(stored.ticket, attachmentId);
    const status = await this.#status(blob, attachment);
    if (status === 'blocked')
      throw new DomainError('conflict', `${attachment.fileName} was found to contain malware and is never served.`);
    if (status === 'scanning')
      throw new DomainError(
        'conflict',
        `${attachment.fileName} is still being scanned for malware; try again shortly.`,
      );
    const disposition = opensInline(attachment.contentType) ? 'inline' : 'attachment';
    const signed = await this.blobs.readUrl(blob, attachmentLimits.readUrlSeconds, {
      contentType: attachment.contentType,
      contentDisposition: contentDisposition(disposition, attachment.fileName),
    });
    return signed.url;
  }

  /**
   * Attaches bytes the app already holds — a mail's attachment (docs/product-spec.md §8) — with the same checks as an
   * upload: stored under the ticket, then judged by size and type, refused files deleted again. `by`
   * is recorded as who attached it (the mail's sender). A refusal is returned, not thrown, so one bad
   * attachment does not lose the mail.
   */
  async attachStored(
    ticket: { readonly clientId: string; readonly number: number },
    file: {
      readonly fileName: string;
      readonly bytes: Uint8Array;
      readonly internal?: boolean;
      /**
       * A fixed id (a mail's part: derived from the mail's key and the part's index) makes the attach
       * insert-once: attaching the same id again answers the file attached the first time.
       */
      readonly id?: string;
    },
    by: string,
  ): Promise<AttachStoredResult> {
    const stored = await this.tickets.get(ticket.clientId, ticket.number);
    if (!stored) throw new DomainError('not-found', `No ticket ${ticket.clientId}/${ticket.number}.`);
    const already = file.id !== undefined ? stored.ticket.attachments?.find((a) => a.id === file.id) : undefined;
    if (already && already.status !== 'uploading') return { kind: 'attached', attachment: view(already) };
    const live = liveAttachments(stored.ticket.attachments ?? [], this.clock.now());
    try {
      assertCanAttach(live, file.bytes.length);
    } catch (error) {
      if (error instanceof DomainError) return { kind: 'refused', reason: error.message };
      throw error;
    }
    const id = file.id ?? newAttachmentId();
    const blob = blobName(stored.ticket, id);
    const etag = file.id !== undefined ? await this.#putOnce(blob, file.bytes) : await this.blobs.put(blob, file.bytes);
    const fileName = cleanFileName(file.fileName);
    const verdict = await this.#judge(blob, fileName, file.bytes.length, file.bytes.length);
    if (verdict.kind === 'refused') {
      await this.blobs.delete(blob);
      return { kind: 'refused', reason: verdict.message };
    }
    const system: Principal = { kind: 'admin' };
    const added = await this.#change(system, stored.ticket.id, (current) => {
      // Another take of the same mail attached it meanwhile: nothing to write.
      if ((current.attachments ?? []).some((a) => a.id === id)) return undefined;
      const now = this.clock.now();
      const attachments = liveAttachments(current.attachments ?? [], now);
      assertCanAttach(attachments, file.bytes.length);
      const attachment: Attachment = {
        id,
        fileName,
        contentType: verdict.contentType,
        size: file.bytes.length,
        internal: file.internal === true,
        by,
        at: now.toISOString(),
        status: this.#checkedStatus(),
        scan: this.scan,
        etag,
      };
      return {
        ticket: { ...current, attachments: [...attachments, attachment] },
        events: [addedEvent(attachment, attachment.at)],
      };
    }).catch(async (error: unknown) => {
      // A fixed-id blob another take committed meanwhile is that ticket's file now: never delete it.
      const committed =
        file.id !== undefined &&
        (await this.tickets.get(ticket.clientId, ticket.number))?.ticket.attachments?.some((a) => a.id === id);
      if (!committed) await this.blobs.delete(blob);
      if (error instanceof DomainError) return undefined;
      throw error;
    });
    const attachment = added?.attachments?.find((a) => a.id === id);
    return attachment
      ? { kind: 'attached', attachment: view(attachment) }
      : { kind: 'refused', reason: `The ticket takes at most ${attachmentLimits.perTicket} files.` };
  }

  /**
   * Stores a fixed-id blob unless it is there already (a retried take stopped after storing it): the
   * bytes under that name are the same part of the same mail, so its ETag is the one to pin.
   */
  async #putOnce(blob: string, bytes: Uint8Array): Promise<string> {
    const existing = await this.blobs.stat(blob);
    if (existing) return existing.etag;
    try {
      return await this.blobs.put(blob, bytes);
    } catch (error) {
      // Stored by a concurrent take of the same mail between the look and the write.
      const stored = await this.blobs.stat(blob);
      if (stored) return stored.etag;
      throw error;
    }
  }

  async #judge(
    blob: string,
    fileName: string,
    size: number,
    declared: number,
  ): Promise<
    | { kind: 'allowed'; contentType: string }
    | { kind: 'refused'; error: 'unprocessable' | 'unsupported-type'; message: string; field: string }
  > {
    if (size !== declared)
      return {
        kind: 'refused',
        error: 'unprocessable',
        message: `The stored file is ${size} bytes, not the ${declared} declared; it was deleted.`,
        field: 'size',
      };
    if (size > attachmentLimits.maxBytes)
      return { kind: 'refused', error: 'unprocessable', message: 'Files may be at most 25 MB.', field: 'size' };
    const head = await this.blobs.head(blob, attachmentLimits.sniffBytes);
    const verdict = judgeType(await this.detector.detect(head), head, fileName);
    if (verdict.kind === 'refused')
      return {
        kind: 'refused',
        error: 'unsupported-type',
        message: `${fileName} is ${verdict.what}, which the desk does not take; it was deleted. Allowed: PNG, JPEG, GIF, WebP, PDF, text (txt, log, csv, json, xml), ZIP, DOCX, XLSX, PPTX, EML.`,
        field: 'file',
      };
    return verdict;
  }

  #checkedStatus(): AttachmentStatus {
    return this.scan === 'defender' ? 'scanning' : 'available';
  }

  /**
   * The status as the scanner's tag says now. A `Malicious` tag blocks a file whatever the configuration
   * (a tag set by hand, or a scanner configured later, is obeyed too).
   */
  async #status(blob: string, attachment: Attachment): Promise<Exclude<AttachmentStatus, 'uploading'>> {
    if (attachment.status === 'uploading' || attachment.status === 'blocked') return 'blocked';
    const [verdict, stat] = await Promise.all([this.blobs.scanVerdict(blob), this.blobs.stat(blob)]);
    // Overwritten (or deleted) since its bytes were checked: not the file that was accepted.
    if (!stat || (attachment.etag !== undefined && stat.etag !== attachment.etag)) return 'blocked';
    if (verdict === 'malicious') return 'blocked';
    if (verdict === 'clean') return 'available';
    return attachment.status;
  }

  async #accept(
    principal: Principal,
    ticketId: string,
    attachmentId: string,
    contentType: string,
    stat: { size: number; etag: string },
  ): Promise<Attachment> {
    let accepted: Attachment | undefined;
    await this.#change(principal, ticketId, (ticket) => {
      const current = (ticket.attachments ?? []).find((a) => a.id === attachmentId);
      if (!current) throw new DomainError('not-found', `No attachment ${attachmentId}.`);
      if (current.status !== 'uploading') {
        accepted = current;
        return undefined;
      }
      const { uploadExpiresAt: _expiry, ...rest } = current;
      accepted = { ...rest, contentType, size: stat.size, etag: stat.etag, status: this.#checkedStatus() };
      const next = (ticket.attachments ?? []).map((a) => (a.id === attachmentId ? (accepted as Attachment) : a));
      return {
        ticket: { ...ticket, attachments: next },
        events: [addedEvent(accepted, this.clock.now().toISOString())],
      };
    });
    if (!accepted) throw new Error('unreachable: the change sets the attachment');
    return accepted;
  }

  async #drop(principal: Principal, ticketId: string, attachmentId: string): Promise<void> {
    await this.#change(principal, ticketId, (ticket) => {
      const attachments = ticket.attachments ?? [];
      if (!attachments.some((a) => a.id === attachmentId && a.status === 'uploading')) return undefined;
      return { ticket: { ...ticket, attachments: attachments.filter((a) => a.id !== attachmentId) }, events: [] };
    });
  }

  /** The ticket as the caller may read it; anything they may not read is the same 404. */
  async #read(principal: Principal, ticketId: string): Promise<{ client: Client; stored: StoredTicket }> {
    const found = await findTicket(this.clients, this.tickets, ticketId, (clientId) =>
      canSeeClient(principal, clientId),
    );
    if (!found || !mayRead(principal, found.stored.ticket))
      throw new DomainError('not-found', `No ticket ${ticketId}.`);
    return found;
  }

  /** Read → change → write under the ticket's version, again on a conflict; `undefined` from `change` writes nothing. */
  async #change(
    principal: Principal,
    ticketId: string,
    change: (
      ticket: Ticket,
    ) =>
      | { ticket: Ticket; events: PendingEvent[] }
      | undefined
      | Promise<{ ticket: Ticket; events: PendingEvent[] } | undefined>,
  ): Promise<Ticket> {
    return retryOnConflict(
      async () => {
        const { client, stored } = await this.#read(principal, ticketId);
        const next = await change(stored.ticket);
        if (!next) return stored.ticket;
        const ticket = { ...next.ticket, updatedAt: this.clock.now().toISOString() };
        assertTicketStorable(ticket);
        const terms = await ticketTerms(this.clients, client, stored.ticket);
        const committed = await this.tickets.update(stored, ticket, next.events, queuePositionOf(ticket, terms));
        if (committed.events.length > 0)
          for (const listener of this.listeners)
            await listener.ticketChanged(committed.stored.ticket, committed.events);
        return committed.stored.ticket;
      },
      // As every writer of a ticket: re-read while others win, `busy` (503) only past the contention budget.
      { attempts: 'while-contended', backoff: hotRowBackoff, exhausted: () => stillContended('The ticket') },
    );
  }
}

/** An attachment the caller may see; internal files do not exist for clients, unchecked uploads only for `complete`. */
function visibleAttachment(principal: Principal, ticket: Ticket, attachmentId: string, uploading: boolean): Attachment {
  const attachment = (ticket.attachments ?? []).find((a) => a.id === attachmentId);
  if (!attachment || (attachment.internal && !isStaff(principal)) || (attachment.status === 'uploading' && !uploading))
    throw new DomainError('not-found', `No attachment ${attachmentId}.`);
  return attachment;
}

/** Recorded when the file is checked, by whoever attached it. */
function addedEvent(attachment: Attachment, at: string): PendingEvent {
  return {
    ...domainEvent('ticket.attachment-added', {
      attachmentId: attachment.id,
      fileName: attachment.fileName,
      contentType: attachment.contentType,
      size: attachment.size,
      ...(attachment.internal ? { internal: true as const } : {}),
    }),
    at,
    actor: attachment.by,
  };
}

function view(attachment: Attachment): AttachmentView {
  return {
    id: attachment.id,
    fileName: attachment.fileName,
    contentType: attachment.contentType,
    size: attachment.size,
    internal: attachment.internal,
    by: attachment.by,
    at: attachment.at,
    status: attachment.status === 'uploading' ? 'blocked' : attachment.status,
    scan: attachment.scan,
  };
}

/** Blobs are named by client, ticket and attachment, so a ticket's files can be found (and deleted) together. */
export function blobName(ticket: Pick<Ticket, 'clientId' | 'number'>, attachmentId: string): string {
  return `${ticket.clientId}/${ticket.number}/${attachmentId}`;
}

/** 128 random bits, URL-safe: an attachment id cannot be guessed. */
function newAttachmentId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * RFC 6266 with an RFC 5987 UTF-8 name; the plain `filename` is ASCII only (the stored name has no quotes,
 * backslashes or control characters: `cleanFileName`).
 */
function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
