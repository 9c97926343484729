import { liveAttachments } from '../domain/tickets/attachment';
import type { AttachmentBlobs, StoredBlob } from '../ports/attachment-blobs';
import type { Clock } from '../ports/clock';
import type { ExpiringRecords } from '../ports/expiring-records';
import type { TicketStore } from '../ports/ticket-store';
import { blobName } from './attachment-service';

/**
 * Attachment blobs that no attachment record of their ticket accounts for: an upload begun, PUT by the
 * browser and never completed (its `uploading` record expires after 10 minutes and is dropped at the
 * ticket's next change), or a mail attachment stored whose record never committed. A retention rule
 * (docs/attachments.md, "Retention"): the sweep's cutoff is the blob's last-modified time, so the rule's
 * period is the safety margin that keeps an upload under way, or a completion racing the sweep, out of reach.
 *
 * A blob is kept while its ticket holds a record with its id that is checked (`available`, `scanning`,
 * `blocked`) or `uploading` within its expiry. Blobs come in name order, so a ticket's blobs come together
 * and each ticket is read once per sweep, and only when it has a blob older than the margin.
 */
export class AttachmentOrphans implements ExpiringRecords {
  constructor(
    private readonly tickets: TicketStore,
    private readonly blobs: AttachmentBlobs,
    private readonly clock: Clock,
  ) {}

  async deleteOlderThan(cutoff: Date): Promise<number> {
    let deleted = 0;
    let group: { ticket: TicketRef; blobs: StoredBlob[] } | undefined;
    for await (const blob of this.blobs.list()) {
      if (blob.lastModified.getTime() >= cutoff.getTime()) continue;
      const ticket = ticketOf(blob.name);
      // Not named as an attachment blob: not ours to judge.
      if (!ticket) continue;
      if (group && sameTicket(group.ticket, ticket)) {
        group.blobs.push(blob);
        continue;
      }
      if (group) deleted += await this.#sweepTicket(group.ticket, group.blobs);
      group = { ticket, blobs: [blob] };
    }
    if (group) deleted += await this.#sweepTicket(group.ticket, group.blobs);
    return deleted;
  }

  async #sweepTicket(ref: TicketRef, blobs: readonly StoredBlob[]): Promise<number> {
    const stored = await this.tickets.get(ref.clientId, ref.number);
    // Tickets are never deleted, so a blob under a ticket that does not exist has no record at all.
    const kept = new Set(
      liveAttachments(stored?.ticket.attachments ?? [], this.clock.now()).map((a) => blobName(ref, a.id)),
    );
    let deleted = 0;
    for (const blob of blobs) {
      if (kept.has(blob.name)) continue;
      await this.blobs.delete(blob.name);
      deleted += 1;
    }
    return deleted;
  }
}

interface TicketRef {
  readonly clientId: string;
  readonly number: number;
}

/** The ticket a blob named by `blobName` belongs to: `{clientId}/{number}/{attachmentId}`. */
function ticketOf(name: string): TicketRef | undefined {
  const parts = name.split('/');
  if (parts.length !== 3 || parts[0] === '' || parts[2] === '' || !/^[1-9]\d*$/.test(parts[1] ?? '')) return undefined;
  return { clientId: parts[0]!, number: Number(parts[1]) };
}

function sameTicket(a: TicketRef, b: TicketRef): boolean {
  return a.clientId === b.clientId && a.number === b.number;
}
