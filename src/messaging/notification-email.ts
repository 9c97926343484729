import type { CloudEvent } from '../domain/events/cloud-event';
import { chatMessage, type ChatContext } from './chat-message';

export interface NotificationEmailContent {
  readonly subject: string;
  readonly text: string;
}

/**
 * The plain-text e-mail for an event: what happened in words (the same words as a chat message:
 * src/messaging/chat-message.ts), to which ticket, who did it, due times in the client's timezone,
 * severities by name, and the ticket's page. Only what the event carries for this audience is shown:
 * the caller hands a client's contacts the public form of the event. No field name, id or JSON.
 */
export function notificationEmail(event: CloudEvent, context: ChatContext): NotificationEmailContent {
  const message = chatMessage(event, context);
  const ticketId = typeof event.data.ticketId === 'string' ? event.data.ticketId : undefined;
  // `[ACME-3]` in the subject threads a reply from any mail program onto the ticket.
  const subject = `${ticketId ? `[${ticketId}] ` : ''}${message.headline}${message.title ? `: ${message.title}` : ''}`;
  const lines = [
    `${message.headline}${message.title ? ` — ${message.title}` : ''}`,
    '',
    message.summary,
    ...(message.facts.length > 0 ? ['', ...message.facts.map((f) => `${f.label}: ${f.value}`)] : []),
    // Release notes are the message itself: whole, not cut like a fact.
    ...(event.type === 'maintenance.release-completed' && typeof event.data.notes === 'string'
      ? ['', 'Release notes:', '', event.data.notes]
      : []),
    '',
    `When: ${message.when}`,
    ...(message.link ? ['', `${message.link.label}: ${message.link.url}`] : []),
  ];
  // A subject is one header line: titles are single-line already, but a stray line break must not split it.
  return { subject: subject.replace(/\s+/g, ' ').trim(), text: `${lines.join('\n')}\n` };
}
