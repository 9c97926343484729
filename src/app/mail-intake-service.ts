import { createHash } from 'node:crypto';
import { DomainError } from '../domain/domain-error';
import { mailQuarantinedCloudEvent } from '../domain/events/cloud-event';
import { domainEvent } from '../domain/events/event-catalogue';
import {
  automaticKind,
  storedMailText,
  ticketIdsInSubject,
  titleFromSubject,
  type InboundMail,
  type QuarantineReason,
  type UnreadMail,
} from '../domain/mail/inbound-mail';
import type { Membership } from '../domain/people/membership';
import { parseTicketId, ticketId as formatTicketId } from '../domain/tickets/ticket';
import type { DeskEventListener } from '../ports/change-listeners';
import type { ClientStore } from '../ports/client-store';
import type { MailAttachmentSink } from '../ports/mail-attachments';
import type { MailParser } from '../ports/mail-parser';
import type { MailDecision, MailRecord, MailStore, MailThreadRef, QuarantinedMail } from '../ports/mail-store';
import type { PeopleStore } from '../ports/people-store';
import type { RawMailArchive } from '../ports/raw-mail-archive';
import { actorName, isStaff, type Principal } from './principal';
import type { TicketService } from './ticket-service';

/** What taking one mail came to. `duplicate` is a mail taken before (same Message-ID): nothing new happened. */
export type MailIntakeOutcome =
  | { readonly kind: 'ticket'; readonly ticketId: string }
  | { readonly kind: 'comment'; readonly ticketId: string; readonly muted: boolean }
  | { readonly kind: 'bounce'; readonly ticketId: string }
  | { readonly kind: 'quarantined'; readonly id: string; readonly reason: QuarantineReason }
  | { readonly kind: 'ignored'; readonly why: string }
  | { readonly kind: 'duplicate'; readonly messageId: string; readonly ticketId?: string };

export interface MailIntakeOptions {
  /** `SUPPORTDESK_SUPPORT_ADDRESS`: mail from it is the desk's own, never taken (a loop). */
  readonly supportAddress: string;
  /** Told when a `mail.quarantined` event was written to the desk's outbox (the relay publishes it at once). */
  readonly deskListener?: DeskEventListener;
}

/** The key of a mail: the same Message-ID is one mail, whatever else differs. */
export const mailKeyOf = (messageId: string): string => createHash('sha256').update(messageId).digest('hex');

/**
 * E-mail in (docs/product-spec.md §8): every mail the mailbox received is taken once and becomes a comment on the
 * ticket it answers, a new ticket of the one client its sender is a contact of, a quarantined mail for
 * staff, or nothing (automatic mail; a bounce of the desk's own mail is noted on its ticket for staff).
 *
 * Exactly once: the decision is recorded under the Message-ID's hash before its effect, and the effect
 * commits under the same key in the ticket's own transaction (an idempotency record), so a second take of
 * the mail — another copy, a retry after a crash in between — carries out the recorded decision again and
 * changes nothing that was already done. Both transports (the local host's folder, Microsoft Graph)
 * call `take` with the raw bytes and the mailbox's receipt time.
 */
export class MailIntakeService {
  readonly #support: string;
  readonly #deskListener: DeskEventListener | undefined;

  constructor(
    private readonly parser: MailParser,
    private readonly store: MailStore,
    private readonly archive: RawMailArchive,
    private readonly attachments: MailAttachmentSink,
    private readonly clients: ClientStore,
    private readonly people: PeopleStore,
    private readonly tickets: TicketService,
    options: MailIntakeOptions,
  ) {
    this.#support = options.supportAddress.toLowerCase();
    this.#deskListener = options.deskListener;
  }

  async take(raw: Uint8Array, receivedAt: Date): Promise<MailIntakeOutcome> {
    const parsed = await this.parser.parse(raw);
    const messageId = parsed.mail.messageId;
    const key = mailKeyOf(messageId);
    await this.archive.keep(key, raw);
    const decided =
      parsed.kind === 'unread'
        ? { decision: { kind: 'quarantine' as const, reason: parsed.mail.reason } }
        : await this.#decide(parsed.mail, receivedAt);
    const record: MailRecord = {
      key,
      messageId,
      receivedAt: receivedAt.toISOString(),
      decision: decided.decision,
      state: 'pending',
    };
    const quarantined =
      decided.decision.kind === 'quarantine'
        ? quarantineEntry(key, record.receivedAt, decided.decision.reason, parsed.mail, decided.detail)
        : undefined;
    // Quarantined mail is announced to the desk (its chat channel) by an event written in the same
    // transaction as the quarantine: sender, subject and reason, never the body.
    const announced = quarantined
      ? mailQuarantinedCloudEvent({
          quarantineId: quarantined.id,
          reason: quarantined.reason,
          ...(quarantined.from ? { from: quarantined.from } : {}),
          ...(quarantined.fromName ? { fromName: quarantined.fromName } : {}),
          subject: quarantined.subject,
          receivedAt: quarantined.receivedAt,
        })
      : undefined;
    const recorded = await this.store.record(record, quarantined, announced);
    if (recorded.kind === 'exists') {
      if (recorded.record.state === 'done')
        return {
          kind: 'duplicate',
          messageId,
          ...(recorded.record.ticketId ? { ticketId: recorded.record.ticketId } : {}),
        };
      // Recorded by a take that stopped before its effect: carry out what it decided.
      if (parsed.kind === 'unread') return { kind: 'duplicate', messageId };
      return this.#carryOut(recorded.record, parsed.mail);
    }
    if (parsed.kind === 'unread' || decided.decision.kind === 'quarantine') {
      await this.#deskListener?.deskChanged();
      return { kind: 'quarantined', id: key, reason: (decided.decision as { reason: QuarantineReason }).reason };
    }
    return this.#carryOut(record, parsed.mail);
  }

  /** Quarantined mail, newest first (staff only). */
  async quarantine(principal: Principal): Promise<QuarantinedMail[]> {
    requireStaff(principal);
    const all = await this.store.listQuarantine();
    return all.sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
  }

  /**
   * Raises the quarantined mail as a ticket of the client and contact staff chose, with the mail's receipt
   * time. Accepting it again answers the same ticket (the mail's key is the create's idempotency key).
   */
  async accept(
    principal: Principal,
    id: string,
    target: { readonly clientId: string; readonly reporter: string },
  ): Promise<{ readonly ticketId: string }> {
    requireStaff(principal);
    const mail = await this.store.getQuarantine(id);
    if (!mail) throw new DomainError('not-found', `No quarantined mail ${id}.`);
    const { ticketId } = await this.tickets.raiseFromMail({
      clientId: target.clientId,
      reporter: target.reporter,
      title: titleFromSubject(mail.subject),
      description: storedMailText(mail.text),
      receivedAt: mail.receivedAt,
      mailKey: id,
      messageId: mail.messageId,
      actor: actorName(principal),
    });
    const parsed = parseTicketId(ticketId);
    if (parsed) await this.store.addToThread(mail.messageId, { clientId: target.clientId, number: parsed.number });
    await this.store.release(id, { kind: 'accepted', ticketId });
    await this.store.finish(id, ticketId);
    return { ticketId };
  }

  async discard(principal: Principal, id: string): Promise<void> {
    requireStaff(principal);
    const mail = await this.store.getQuarantine(id);
    if (!mail) throw new DomainError('not-found', `No quarantined mail ${id}.`);
    await this.store.release(id, { kind: 'discarded' });
  }

  async #decide(mail: InboundMail, now: Date): Promise<{ decision: MailDecision; detail?: string }> {
    const automatic = automaticKind(mail);
    if (automatic === 'bounce') {
      const thread = await this.store.findThread([...mail.references, ...referencesInBody(mail.text)]);
      return thread
        ? { decision: { kind: 'bounce', ...thread } }
        : { decision: { kind: 'ignored', why: 'a bounce of no mail of the desk' } };
    }
    if (automatic) return { decision: { kind: 'ignored', why: `automatic mail (${automatic})` } };
    const from = mail.from;
    if (!from)
      return { decision: { kind: 'quarantine', reason: 'unknown-sender' }, detail: 'The mail names no sender.' };
    if (from === this.#support) return { decision: { kind: 'ignored', why: "the desk's own address" } };
    const memberships = await this.people.memberships(from);
    const active = memberships.filter((m) => m.active && m.roles.length > 0);
    const thread = await this.#thread(mail, active);
    if (thread) {
      const count = await this.store.countRecent(thread, from, now);
      return { decision: { kind: 'comment', ...thread, author: from, muted: count > loopGuardMails } };
    }
    if (active.length === 1 && active[0]) {
      return { decision: { kind: 'ticket', clientId: active[0].clientId, reporter: from } };
    }
    if (active.length > 1) return { decision: { kind: 'quarantine', reason: 'ambiguous-client' } };
    const reason: QuarantineReason = memberships.length > 0 ? 'inactive-contact' : 'unknown-sender';
    return { decision: { kind: 'quarantine', reason } };
  }

  /**
   * The ticket a mail answers: one whose thread holds a Message-ID the mail refers to, else one named
   * `[ACME-3]` in its subject — either way only a ticket the sender, as a contact, may read (approvers
   * all of their client's, requesters their own). Anyone else's mail is judged as a new mail.
   */
  async #thread(mail: InboundMail, active: readonly Membership[]): Promise<MailThreadRef | undefined> {
    const candidates: MailThreadRef[] = [];
    const threaded = await this.store.findThread(mail.references);
    if (threaded) candidates.push(threaded);
    for (const id of ticketIdsInSubject(mail.subject)) {
      const parsed = parseTicketId(id);
      const clientId = parsed ? await this.clients.clientIdForPrefix(parsed.prefix) : undefined;
      if (parsed && clientId) candidates.push({ clientId, number: parsed.number });
    }
    for (const candidate of candidates) {
      const membership = active.find((m) => m.clientId === candidate.clientId);
      if (!membership) continue;
      if (membership.roles.includes('approver')) return candidate;
      const stored = await this.tickets.ticketOf(candidate.clientId, candidate.number);
      if (stored && stored.reporter === mail.from) return candidate;
    }
    return undefined;
  }

  async #carryOut(record: MailRecord, mail: InboundMail): Promise<MailIntakeOutcome> {
    const { decision } = record;
    switch (decision.kind) {
      case 'ticket': {
        const { ticketId, created } = await this.tickets.raiseFromMail({
          clientId: decision.clientId,
          reporter: decision.reporter,
          title: titleFromSubject(mail.subject),
          description: storedMailText(mail.text),
          receivedAt: record.receivedAt,
          mailKey: record.key,
          messageId: record.messageId,
          actor: decision.reporter,
        });
        const parsed = parseTicketId(ticketId);
        if (parsed) {
          const ref = { clientId: decision.clientId, number: parsed.number };
          await this.store.addToThread(record.messageId, ref);
          if (mail.attachments.length > 0)
            await this.attachments.attach(ref, mail.attachments, decision.reporter, record.key);
        }
        await this.store.finish(record.key, ticketId);
        // Another take of the same mail made it first: this one changed nothing.
        return created ? { kind: 'ticket', ticketId } : { kind: 'duplicate', messageId: record.messageId, ticketId };
      }
      case 'comment': {
        const ticketId = await this.#ticketId(decision);
        const memberships = await this.people.memberships(decision.author);
        const principal: Principal = {
          kind: 'contact',
          email: decision.author,
          name: memberships[0]?.name ?? decision.author,
          memberships: memberships
            .filter((m) => m.active && m.roles.length > 0)
            .map((m) => ({ clientId: m.clientId, roles: m.roles })),
        };
        const text = storedMailText(mail.text);
        const acted = await this.tickets.actOnce(
          principal,
          ticketId,
          {
            action: 'comment',
            text,
            mail: {
              messageId: record.messageId,
              muted: decision.muted,
              ...(mail.quotedFrom !== undefined && mail.quotedFrom < text.length
                ? { quotedFrom: mail.quotedFrom }
                : {}),
            },
          },
          `mail|${record.key}`,
        );
        await this.store.addToThread(record.messageId, decision);
        if (mail.attachments.length > 0)
          await this.attachments.attach(decision, mail.attachments, decision.author, record.key);
        await this.store.finish(record.key, ticketId);
        return acted.kind === 'applied'
          ? { kind: 'comment', ticketId, muted: decision.muted }
          : { kind: 'duplicate', messageId: record.messageId, ticketId };
      }
      case 'bounce': {
        const ticketId = await this.#ticketId(decision);
        await this.tickets.recordMailEvent(
          decision.clientId,
          decision.number,
          domainEvent('mail.bounced', {
            messageId: record.messageId,
            ...(mail.from ? { from: mail.from } : {}),
            subject: mail.subject.slice(0, 500),
          }),
          `mail|${record.key}`,
        );
        await this.store.finish(record.key, ticketId);
        return { kind: 'bounce', ticketId };
      }
      case 'quarantine':
        return { kind: 'quarantined', id: record.key, reason: decision.reason };
      case 'ignored':
        return { kind: 'ignored', why: decision.why };
    }
  }

  async #ticketId(ref: MailThreadRef): Promise<string> {
    const client = await this.clients.getClient(ref.clientId);
    if (!client) throw new DomainError('not-found', `No client ${ref.clientId}.`);
    return formatTicketId(client.ticketPrefix, ref.number);
  }
}

/** docs/product-spec.md §8: more mails than this per ticket and sender in the window notify nobody. */
const loopGuardMails = 10;

function requireStaff(principal: Principal): void {
  if (!isStaff(principal)) throw new DomainError('forbidden', 'Only the support team handles quarantined mail.');
}

/** A bounce quotes the headers of the mail that failed: its Message-ID is how it finds the ticket. */
function referencesInBody(text: string): string[] {
  return [...text.matchAll(/^\s*Message-ID:\s*<([^<>\s]{1,250})>/gim)].map((m) => m[1] ?? '');
}

function quarantineEntry(
  id: string,
  receivedAt: string,
  reason: QuarantineReason,
  mail: InboundMail | UnreadMail,
  detail: string | undefined,
): QuarantinedMail {
  const text = 'text' in mail ? storedMailText(mail.text) : '';
  const why = detail ?? ('detail' in mail ? mail.detail : undefined);
  return {
    id,
    messageId: mail.messageId,
    receivedAt,
    reason,
    ...(mail.from ? { from: mail.from } : {}),
    ...('fromName' in mail && mail.fromName ? { fromName: mail.fromName } : {}),
    subject: mail.subject.slice(0, 500),
    text,
    sizeBytes: mail.sizeBytes,
    ...(why ? { detail: why } : {}),
  };
}
