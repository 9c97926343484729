import { eventVisibility } from '../tickets/event-visibility';
import type { Ticket } from '../tickets/ticket';
import type { TimelineEvent } from '../tickets/timeline-event';

/**
 * What the search index holds of one ticket (docs/product-spec.md §11). Text anyone who may read the ticket may see
 * (`title`, `description`, public `comments`, `resolution`) is kept apart from `internal` text (internal
 * notes, escalation handover notes): contacts' queries never look at that field, so a word found only
 * there finds nothing for them, and their snippets are never cut from it.
 */
export interface SearchDocument {
  readonly ticketId: string;
  readonly clientId: string;
  readonly number: number;
  readonly reporter: string;
  readonly status: Ticket['status'];
  readonly title: string;
  readonly description: string;
  readonly comments: string;
  readonly resolution: string;
  readonly internal: string;
  /** The ticket's `eventCount` when read: an index keeps the highest, so a late, older write never wins. */
  readonly revision: number;
}

/**
 * The document's shape and tokenising, as a number: an index written in another format is rebuilt from
 * the tables (embedded: the persisted file is discarded; Azure AI Search: the index name carries it).
 */
export const searchIndexFormat = 1;

/** Fields contacts and client keys may match, in the order snippets are looked for. */
export const publicTextFields = ['description', 'comments', 'resolution'] as const;
export type SearchTextField = (typeof publicTextFields)[number] | 'internal';

export function searchDocumentOf(ticket: Ticket, timeline: readonly TimelineEvent[]): SearchDocument {
  const comments: string[] = [];
  const internal: string[] = [];
  for (const event of timeline) {
    if (event.type === 'ticket.commented') {
      (eventVisibility(event) === 'internal' ? internal : comments).push(event.data.text);
    } else if (event.type === 'ticket.escalated' && event.data.handoverNote) {
      internal.push(event.data.handoverNote);
    }
  }
  const r = ticket.resolution;
  return {
    ticketId: ticket.id,
    clientId: ticket.clientId,
    number: ticket.number,
    reporter: ticket.reporter,
    status: ticket.status,
    title: ticket.title,
    description: ticket.description,
    comments: comments.join('\n'),
    resolution: r ? [r.cause, r.workaround, r.fix, r.hotfixReference].filter(Boolean).join('\n') : '',
    internal: internal.join('\n'),
    revision: ticket.eventCount,
  };
}

const wordPattern = /[\p{L}\p{N}]+/gu;

/** The words of a text or a query, lower-cased: `ACME-12 printer's` → `acme`, `12`, `printer`, `s`. */
export function searchWords(text: string): string[] {
  return (text.match(wordPattern) ?? []).map((w) => w.toLowerCase());
}

export interface Snippet {
  readonly text: string;
  /** Where the matched words are in `text`, as [start, end) character offsets. */
  readonly highlights: readonly { readonly start: number; readonly end: number }[];
}

const snippetLength = 160;

/**
 * A short passage of the first field (in the order given) holding a matched word, with every matched word
 * in it marked; the start of the first non-empty field when none does (a match on the number or title).
 * Plain text with offsets, never markup: the text came from mail and forms and is shown as text.
 */
export function snippetOf(fields: readonly string[], matched: ReadonlySet<string>): Snippet {
  let text = fields.find((f) => f.length > 0) ?? '';
  let at = 0;
  for (const field of fields) {
    const hit = firstMatch(field, matched);
    if (hit !== undefined) {
      text = field;
      at = hit;
      break;
    }
  }
  let start = Math.max(0, at - 40);
  // Start at a word boundary rather than mid-word.
  if (start > 0) {
    const space = text.lastIndexOf(' ', start);
    start = space >= 0 && at - space < 60 ? space + 1 : start;
  }
  const end = Math.min(text.length, start + snippetLength);
  const prefix = start > 0 ? '…' : '';
  const passage = prefix + text.slice(start, end).replace(/\s+/g, ' ') + (end < text.length ? '…' : '');
  return { text: passage, highlights: highlightsIn(passage, matched) };
}

function firstMatch(text: string, matched: ReadonlySet<string>): number | undefined {
  for (const m of text.matchAll(wordPattern)) if (matched.has(m[0].toLowerCase())) return m.index;
  return undefined;
}

function highlightsIn(text: string, matched: ReadonlySet<string>): Snippet['highlights'] {
  const out: { start: number; end: number }[] = [];
  for (const m of text.matchAll(wordPattern))
    if (matched.has(m[0].toLowerCase())) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}
