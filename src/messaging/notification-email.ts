import type { CloudEvent } from '../domain/events/cloud-event';

export interface NotificationEmailContent {
  readonly subject: string;
  readonly text: string;
}

/** `sla.breached` → `SLA breached`; `ticket.created` → `Ticket created`. */
function headline(type: string): string {
  const [family = '', ...rest] = type.split('.');
  const noun =
    family === 'sla' ? 'SLA' : family === 'hourbank' ? 'Hour bank' : family.charAt(0).toUpperCase() + family.slice(1);
  return [noun, ...rest.map((part) => part.replace(/-/g, ' '))].join(' ');
}

const stringOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/** The plain-text e-mail for an event: what happened, to which ticket, when and by whom, then the details. */
export function notificationEmail(event: CloudEvent): NotificationEmailContent {
  const data = event.data;
  const title = stringOf(data.title);
  const ticket = stringOf(data.ticketId) ?? (event.subject || undefined);
  const subject = `${ticket ? `[${ticket}]` : '[Support Desk]'} ${headline(event.type)}${title ? `: ${title}` : ''}`;
  const known = new Set(['ticketId', 'title', 'actor']);
  const details = Object.entries(data)
    .filter(([key, value]) => !known.has(key) && value !== undefined && value !== null)
    .map(([key, value]) => `  ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const lines = [
    `${headline(event.type)}${ticket ? ` on ${ticket}` : ''}${title ? ` — ${title}` : ''}`,
    '',
    `When: ${event.time}`,
    ...(stringOf(data.actor) ? [`By: ${stringOf(data.actor)}`] : []),
    ...(event.severity ? [`Severity: ${event.severity}`] : []),
    ...(details.length > 0 ? ['', 'Details:', ...details] : []),
    '',
    `Event ${event.id} (${event.type}) from ${event.source}`,
  ];
  // A subject is one header line: titles are single-line already, but a stray line break must not split it.
  return { subject: subject.replace(/\s+/g, ' ').trim(), text: `${lines.join('\n')}\n` };
}
