import { DateTime } from 'luxon';
import type { CloudEvent } from '../domain/events/cloud-event';
import { eventCatalogue, isDomainEventType } from '../domain/events/event-catalogue';
import type { Client } from '../domain/clients/client';

/** One labelled value of a chat message (`Severity: Category 2`). */
export interface ChatFact {
  readonly label: string;
  readonly value: string;
}

/**
 * An event in words, whatever the chat platform (src/messaging/slack-message.ts, teams-message.ts build
 * the payloads). Every string is plain text: a title or comment from outside may hold anything, and the
 * platform builders put it where the platform renders no markup.
 */
export interface ChatMessage {
  /** What happened, in the desk's words: `SLA warning on ACME-12`. */
  readonly headline: string;
  /** The ticket's title, as given by whoever raised it. */
  readonly title?: string;
  /** Who did it, and the gist: `Raised by jo@acme.test through the portal.` */
  readonly summary: string;
  readonly facts: readonly ChatFact[];
  /** The ticket's page: the portal for a client's channel, the console for the desk's. */
  readonly link?: { readonly label: string; readonly url: string };
  /** When it happened, in the client's timezone. */
  readonly when: string;
  readonly tone: 'info' | 'good' | 'warning' | 'attention';
}

export interface ChatContext {
  /** The client's IANA timezone: due times are read there. */
  readonly timezone: string;
  readonly clientName: string;
  readonly audience: 'client' | 'staff';
  /** The agreement's name for a severity id (`cat2` → `Category 2`); `undefined` when it has none. */
  severityName(id: string): string | undefined;
  /** The ticket's page for this audience; `undefined` when the desk's public URL is not known. */
  ticketLink(ticketId: string): string | undefined;
  /** A maintenance release's page for this audience (portal or console); `undefined` without the public URL. */
  releaseLink?(releaseId: string): string | undefined;
  /** A console page (`/console/quarantine`), for the desk's channel only; `undefined` without a public URL. */
  consoleLink?(path: string): string | undefined;
}

/** Why a mail was held, in words. */
const quarantineReasonWords: Readonly<Record<string, string>> = {
  'unknown-sender': 'The sender is no contact of any client',
  'inactive-contact': 'The sender is a contact, but not an active one',
  'ambiguous-client': 'The sender is an active contact of several clients',
  unreadable: 'The mail could not be read',
  'too-large': 'The mail is over 25 MB',
};

/** A fact value longer than this is cut: a chat line is a pointer to the ticket, not its copy. */
const maxValueLength = 1000;

const stringOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim().length > 0 ? value : undefined;
const numberOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const recordOf = (value: unknown): Readonly<Record<string, unknown>> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Readonly<Record<string, unknown>>)
    : undefined;

export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const clockWords: Readonly<Record<string, string>> = { assess: 'assessment', resolve: 'resolution' };
const clockWord = (clock: unknown): string => clockWords[String(clock)] ?? 'SLA clock';
const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const channelWords: Readonly<Record<string, string>> = {
  portal: 'through the portal',
  api: 'through the API',
  alert: 'by a monitoring alert',
  phone: 'by phone',
  email: 'by e-mail',
  'in-person': 'in person',
};

/** `Tue 24 Nov 2026, 13:00 (Europe/London)`: an instant as people of the client read it. */
export function inTimezone(iso: string, timezone: string): string {
  // An instant with its offset needs no zone to parse (luxon's zone arithmetic is the costly part); a
  // local date or time without one is read in the client's zone, as before.
  const at = /(?:Z|[+-]\d\d:?\d\d)$/i.test(iso) ? DateTime.fromISO(iso) : DateTime.fromISO(iso, { zone: timezone });
  const format = at.isValid ? formatIn(timezone) : undefined;
  if (!format) return iso;
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of format.formatToParts(at.toMillis())) part[type] = value;
  return `${part.weekday} ${part.day} ${part.month} ${part.year}, ${part.hour}:${part.minute} (${timezone})`;
}

/**
 * One formatter per timezone, kept: building one (and luxon's zone arithmetic per call) was the largest
 * cost of rendering a notification. `undefined` for a zone the runtime does not know.
 */
const formats = new Map<string, Intl.DateTimeFormat | undefined>();
function formatIn(timezone: string): Intl.DateTimeFormat | undefined {
  if (!formats.has(timezone)) {
    let format: Intl.DateTimeFormat | undefined;
    try {
      format = new Intl.DateTimeFormat('en-GB', {
        timeZone: timezone,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      format = undefined;
    }
    formats.set(timezone, format);
  }
  return formats.get(timezone);
}

/** The event in words for a chat channel. Internal events never get here for a client's channel. */
export function chatMessage(event: CloudEvent, context: ChatContext): ChatMessage {
  const data = event.data;
  const ticketId = stringOf(data.ticketId);
  // An hour-bank event's `title` is its own one-line summary, not a ticket's title.
  const title = event.type.startsWith('hourbank.') ? undefined : stringOf(data.title);
  const actor = stringOf(data.actor) ?? 'the support desk';
  const due = (value: unknown) => (stringOf(value) ? inTimezone(String(value), context.timezone) : undefined);
  const severity = (id: unknown) => (stringOf(id) ? (context.severityName(String(id)) ?? String(id)) : undefined);
  const facts: ChatFact[] = [];
  const fact = (label: string, value: string | number | undefined) => {
    if (value === undefined || value === '') return;
    facts.push({ label, value: truncate(String(value), maxValueLength) });
  };
  const on = ticketId ?? context.clientName;
  let headline: string;
  let summary: string;
  let tone: ChatMessage['tone'] = 'info';

  switch (event.type) {
    case 'ticket.created': {
      const sla = recordOf(data.sla);
      const channel = stringOf(data.channel);
      headline = `New ticket ${on}`;
      summary = `Raised by ${stringOf(data.reporter) ?? actor}${channel ? ` ${channelWords[channel] ?? `via ${channel}`}` : ''}.`;
      fact('Severity', severity(data.severity ?? event.severity));
      fact('Type', stringOf(data.type));
      fact('Assessment due', due(recordOf(sla?.assess)?.dueAt));
      fact('Resolution due', due(recordOf(sla?.resolve)?.dueAt));
      break;
    }
    case 'ticket.assessed': {
      headline = `${on} assessed`;
      summary = `Assessed by ${stringOf(data.by) ?? actor}.`;
      const now = severity(data.severity);
      const before = severity(data.previousSeverity);
      fact('Severity', now && before && now !== before ? `${now} (was ${before})` : now);
      fact('Type', stringOf(data.type));
      fact('Tier', stringOf(data.tier));
      const hours = numberOf(data.estimateHours);
      fact('Estimate', hours !== undefined ? `${hours} hours` : undefined);
      fact('Timeframe', stringOf(data.timeframe));
      const quote = numberOf(recordOf(data.quote)?.hours);
      fact('Quote', quote !== undefined ? `${quote} hours, awaiting approval` : undefined);
      fact('Note', stringOf(data.note));
      break;
    }
    case 'sla.warning': {
      const fraction = numberOf(data.fraction);
      const dueAt = due(data.dueAt);
      headline = `SLA warning on ${on}`;
      summary = `${capitalised(clockWord(data.clock))} is ${fraction !== undefined ? `${Math.round(fraction * 100)}% ` : ''}through its time${dueAt ? `; due ${dueAt}` : ''}.`;
      fact('Clock', capitalised(clockWord(data.clock)));
      fact('Due', dueAt);
      fact('Severity', severity(event.severity));
      tone = 'warning';
      break;
    }
    case 'sla.breached': {
      const dueAt = due(data.dueAt);
      headline = `SLA breached on ${on}`;
      summary = `${capitalised(clockWord(data.clock))} is overdue${dueAt ? `: it was due ${dueAt}` : ''}.`;
      fact('Clock', capitalised(clockWord(data.clock)));
      fact('Was due', dueAt);
      fact('Severity', severity(event.severity));
      tone = 'attention';
      break;
    }
    case 'sla.met':
      headline = `SLA met on ${on}`;
      summary = `${capitalised(clockWord(data.clock))} was done in time.`;
      tone = 'good';
      break;
    case 'ticket.resolved':
      headline = `${on} resolved`;
      summary = data.automatic === true ? 'Resolved automatically: the alert cleared.' : `Resolved by ${actor}.`;
      fact('Cause', stringOf(data.cause));
      fact('Workaround', stringOf(data.workaround));
      fact('Fix', stringOf(data.fix));
      fact('Hot fix', stringOf(data.hotfixReference));
      tone = 'good';
      break;
    case 'ticket.closed':
      headline = `${on} closed`;
      summary = stringOf(data.confirmedBy) ? `Confirmed by ${String(data.confirmedBy)}.` : `Closed by ${actor}.`;
      fact('Reason', stringOf(data.reason));
      fact('Note', stringOf(data.note));
      tone = 'good';
      break;
    case 'ticket.reopened':
      headline = `${on} reopened`;
      summary = `Reopened by ${actor}.`;
      fact('Reason', stringOf(data.reason));
      tone = 'warning';
      break;
    case 'ticket.commented':
      headline = `New comment on ${on}`;
      summary = `${capitalised(actor)} wrote:`;
      fact('Comment', stringOf(data.text));
      break;
    case 'ticket.waiting':
      headline = `${on} is waiting on the ${data.on === 'vendor' ? 'vendor' : 'client'}`;
      summary = `Set by ${actor}.`;
      fact('Vendor reference', stringOf(data.vendorReference));
      fact('Note', stringOf(data.note));
      break;
    case 'ticket.resumed':
      headline = `Work resumed on ${on}`;
      summary = `Resumed by ${actor}.`;
      fact('Note', stringOf(data.note));
      break;
    case 'ticket.escalated':
      // The handover note is the support team's: never read here, whoever the channel is for.
      headline = `${on} escalated to ${stringOf(data.to) ?? 'a higher tier'}`;
      summary = `Moved from ${stringOf(data.from) ?? 'its tier'} to ${stringOf(data.to) ?? 'a higher tier'} by ${actor}.`;
      break;
    case 'ticket.assigned':
      headline = `${on} assigned`;
      summary = `Assigned to ${stringOf(data.assignee) ?? 'an engineer'} by ${actor}.`;
      break;
    case 'ticket.diagnosed': {
      headline = `${on} diagnosed`;
      summary = `Diagnosed by ${actor}.`;
      fact('Cause', stringOf(data.cause));
      fact('Workaround', stringOf(data.workaround));
      const hours = numberOf(data.estimateHours);
      fact('Estimate', hours !== undefined ? `${hours} hours` : undefined);
      break;
    }
    case 'ticket.attachment-added': {
      // The file itself never travels in a message: the ticket's page lists it for whoever may read it.
      headline = `File attached to ${on}`;
      summary = `${capitalised(actor)} attached ${stringOf(data.fileName) ?? 'a file'}; it is on the ticket's page.`;
      fact('File', stringOf(data.fileName));
      const size = numberOf(data.size);
      fact('Size', size !== undefined ? `${Math.max(1, Math.round(size / 1024))} KB` : undefined);
      break;
    }
    case 'mail.quarantined': {
      // Who sent it, its subject and why it was held: never its body (it may be anything, from anyone).
      headline = 'Mail held in quarantine';
      summary = 'An e-mail to the desk was held back: accept it as a ticket or discard it in the console.';
      const from = stringOf(data.from);
      const name = stringOf(data.fromName);
      fact('From', from ? (name ? `${name} <${from}>` : from) : (name ?? 'No sender'));
      fact('Subject', stringOf(data.subject) ?? '(no subject)');
      fact('Reason', quarantineReasonWords[String(data.reason)] ?? stringOf(data.reason));
      fact('Received', due(data.receivedAt));
      tone = 'warning';
      break;
    }
    default: {
      const family = event.type.split('.')[0];
      if (family === 'maintenance') {
        ({ headline, summary, tone } = maintenanceWords(event.type, data, actor, context.clientName));
        const window = recordOf(data.window);
        if (window)
          fact(
            'Window',
            `${stringOf(window.start) ?? ''} – ${stringOf(window.end) ?? ''} (${stringOf(data.timezone) ?? context.timezone})`,
          );
        const items = Array.isArray(data.items)
          ? data.items.map((item) => stringOf(recordOf(item)?.title)).filter((t): t is string => t !== undefined)
          : [];
        fact('Items', items.join('; '));
        fact('Comment', stringOf(data.comment));
      } else if (family === 'hourbank') {
        headline = `Hour bank of ${context.clientName}`;
        summary = stringOf(data.title) ?? 'The hour bank changed.';
        const balance = numberOf(data.balanceHours);
        fact('Balance', balance !== undefined ? `${balance} hours` : undefined);
        tone = event.type === 'hourbank.low-balance' || event.type === 'hourbank.exhausted' ? 'warning' : 'info';
      } else {
        // Types without words of their own say what the catalogue says of them.
        headline = ticketId ? `${ticketId} updated` : `Update for ${context.clientName}`;
        summary = isDomainEventType(event.type)
          ? `${eventCatalogue[event.type].summary} (${actor})`
          : `${event.type} (${actor})`;
      }
    }
  }
  // The desk's own events name no client.
  if (context.audience === 'staff' && context.clientName) fact('Client', context.clientName);
  const area = context.audience === 'staff' ? 'console' : 'portal';
  // A release's events link to the release (where approvers answer), not to its ticket.
  const releaseId = event.type.startsWith('maintenance.') ? stringOf(data.releaseId) : undefined;
  const releaseUrl = releaseId ? context.releaseLink?.(releaseId) : undefined;
  const url = releaseId ? undefined : ticketId ? context.ticketLink(ticketId) : undefined;
  const quarantine = event.type === 'mail.quarantined' ? context.consoleLink?.('/console/quarantine') : undefined;
  return {
    headline,
    ...(title ? { title: truncate(title, maxValueLength) } : {}),
    summary: truncate(summary, maxValueLength),
    facts,
    ...(releaseUrl
      ? { link: { label: `Open the release in the ${area}`, url: releaseUrl } }
      : url && ticketId
        ? { link: { label: `Open ${ticketId} in the ${area}`, url } }
        : quarantine
          ? { link: { label: 'Review quarantined mail in the console', url: quarantine } }
          : {}),
    when: inTimezone(event.time, context.timezone),
    tone,
  };
}

/** A maintenance release's event in words. */
function maintenanceWords(
  type: string,
  data: Readonly<Record<string, unknown>>,
  actor: string,
  clientName: string,
): Pick<ChatMessage, 'headline' | 'summary' | 'tone'> {
  switch (type) {
    case 'maintenance.release-proposed':
      return data.reproposal === true
        ? {
            headline: 'Maintenance release changed: your approval is needed again',
            summary: `${actor} changed the release's window or items; please approve or query it again.`,
            tone: 'attention',
          }
        : {
            headline: 'Maintenance release for your approval',
            summary: `${actor} proposes this maintenance release for ${clientName}; please approve or query it.`,
            tone: 'attention',
          };
    case 'maintenance.release-approved':
      return { headline: 'Maintenance release approved', summary: `Approved by ${actor}.`, tone: 'good' };
    case 'maintenance.release-queried':
      return {
        headline: 'Maintenance release queried',
        summary: `${actor} queried the release; edit it and propose it again.`,
        tone: 'warning',
      };
    case 'maintenance.release-completed':
      return { headline: 'Maintenance release done', summary: `Release notes for ${clientName}.`, tone: 'good' };
    default:
      return { headline: `Maintenance plan of ${clientName}`, summary: `${type} (${actor})`, tone: 'info' };
  }
}

/** The message as one block of plain text: the notification line and the fallback of rich messages. */
export function chatPlainText(message: ChatMessage): string {
  return [
    `${message.headline}${message.title ? `: ${message.title}` : ''}`,
    message.summary,
    ...message.facts.map((f) => `${f.label}: ${f.value}`),
    ...(message.link ? [message.link.url] : []),
  ].join('\n');
}

/**
 * The context of a client's event: its timezone and severity names (current agreement; a severity it
 * no longer has is shown by its id) and the ticket page under the desk's public URL.
 */
export function chatContextOf(
  client: Pick<Client, 'name' | 'timezone'> & {
    readonly agreement: { readonly severities: readonly { readonly id: string; readonly name?: string }[] };
  },
  audience: ChatContext['audience'],
  publicUrl: string | undefined,
): ChatContext {
  const area = audience === 'staff' ? 'console' : 'portal';
  return {
    timezone: client.timezone,
    clientName: client.name,
    audience,
    severityName: (id) => client.agreement.severities.find((s) => s.id === id)?.name,
    ticketLink: (ticketId) =>
      publicUrl ? new URL(`/${area}/tickets/${encodeURIComponent(ticketId)}`, publicUrl).toString() : undefined,
    releaseLink: (releaseId) =>
      publicUrl
        ? new URL(`/${area}/maintenance/releases/${encodeURIComponent(releaseId)}`, publicUrl).toString()
        : undefined,
    ...(audience === 'staff' ? { consoleLink: (path: string) => consoleUrl(path, publicUrl) } : {}),
  };
}

/**
 * The context of the desk's own events (no client, `~desk`): read by the support team, times in UTC
 * (the desk has no timezone of its own), links to the console.
 */
export function deskChatContext(publicUrl: string | undefined): ChatContext {
  return {
    timezone: 'UTC',
    clientName: '',
    audience: 'staff',
    severityName: () => undefined,
    ticketLink: (ticketId) => consoleUrl(`/console/tickets/${encodeURIComponent(ticketId)}`, publicUrl),
    consoleLink: (path) => consoleUrl(path, publicUrl),
  };
}

const consoleUrl = (path: string, publicUrl: string | undefined): string | undefined =>
  publicUrl ? new URL(path, publicUrl).toString() : undefined;
