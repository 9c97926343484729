/** The timeline's names for events; any other type is read as words (never shown as its id). */
const eventLabels: Readonly<Record<string, string>> = {
  'ticket.created': 'Raised',
  'ticket.assessed': 'Assessed',
  'ticket.assigned': 'Assigned',
  'ticket.approved': 'Quote approved',
  'ticket.declined': 'Quote declined',
  'ticket.waiting': 'Waiting',
  'ticket.resumed': 'Resumed',
  'ticket.escalated': 'Escalated',
  'ticket.resolved': 'Resolved',
  'ticket.confirmed': 'Resolution confirmed',
  'ticket.reopened': 'Reopened',
  'ticket.closed': 'Closed',
  'ticket.commented': 'Comment',
  'sla.warning': 'SLA warning',
  'sla.breached': 'SLA breached',
  'sla.met': 'SLA met',
  'ticket.time-logged': 'Time logged',
  'ticket.follow-up-recorded': 'Follow-up recorded',
  'ticket.diagnosed': 'Diagnosed',
  'ticket.attachment-added': 'File attached',
  'mail.bounced': 'Mail bounced',
};

/** An event's name in words: a label, or its type read as words (`ticket.schedule-proposed` → `Schedule proposed`). */
export function eventLabel(type: string): string {
  const known = eventLabels[type];
  if (known) return known;
  const words = (type.slice(type.indexOf('.') + 1) || type).replace(/[-_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
