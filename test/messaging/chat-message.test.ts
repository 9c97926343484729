import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/domain/clients/client';
import { mailQuarantinedCloudEvent, ticketCloudEvent, type CloudEvent } from '../../src/domain/events/cloud-event';
import { clientBodySchema } from '../../src/http/operations/client-schemas';
import { chatContextOf, chatMessage, deskChatContext, inTimezone } from '../../src/messaging/chat-message';
import { chatPayload } from '../../src/messaging/chat-payload';
import { slackMessage } from '../../src/messaging/slack-message';
import { teamsMessage } from '../../src/messaging/teams-message';
import { asSlackBlocks, slackProblems, stringsOf, teamsProblems } from '../support/chat-schemas';
import { contractClient } from '../support/contract';
import { looseEvent } from '../support/loose-event';

const client = {
  ...clientBodySchema.parse(contractClient()),
  id: 'acme',
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
} as Client;

const clientContext = chatContextOf(client, 'client', 'https://desk.example.com');
const staffContext = chatContextOf(client, 'staff', 'https://desk.example.com');

function event(seq: number, type: string, data: Record<string, unknown>, title = 'Checkout is down'): CloudEvent {
  return ticketCloudEvent(
    { clientId: 'acme', ticketId: 'ACME-7', severity: 'cat1', title, status: 'new' },
    looseEvent({ seq, type, at: '2026-11-24T09:00:00Z', actor: 'jo@acme.test', data }),
  );
}

/** A ticket's life, as its CloudEvents. */
const life: CloudEvent[] = [
  event(1, 'ticket.created', {
    severity: 'cat1',
    type: 'defect',
    reporter: 'jo@acme.test',
    title: 'Checkout is down',
    channel: 'portal',
    sla: {
      assess: { target: 'PT1H', dueAt: '2026-11-24T10:00:00.000Z', status: 'running' },
      resolve: { target: 'PT4H', dueAt: '2026-11-24T13:00:00.000Z', status: 'running' },
    },
  }),
  event(2, 'ticket.assessed', {
    status: 'in-progress',
    severity: 'cat2',
    previousSeverity: 'cat1',
    type: 'defect',
    tier: 'L2',
    by: 'eng@desk.test',
    at: '2026-11-24T09:30:00Z',
    estimateHours: 3,
  }),
  event(3, 'sla.warning', { clock: 'resolve', fraction: 0.75, dueAt: '2026-11-24T13:00:00.000Z' }),
  event(4, 'sla.breached', { clock: 'resolve', dueAt: '2026-11-24T13:00:00.000Z' }),
  event(5, 'ticket.resolved', { cause: 'A full disk', fix: 'Rotated the logs' }),
];

describe('chat messages in words', () => {
  it('says what happened, to which ticket, by whom, with due times in the client’s timezone and severities by name', () => {
    const [created, assessed, warning, breached, resolved] = life.map((e) => chatMessage(e, clientContext));
    expect(created).toMatchObject({
      headline: 'New ticket ACME-7',
      title: 'Checkout is down',
      summary: 'Raised by jo@acme.test through the portal.',
      link: { label: 'Open ACME-7 in the portal', url: 'https://desk.example.com/portal/tickets/ACME-7' },
    });
    expect(created!.facts).toEqual([
      { label: 'Severity', value: 'Category 1' },
      { label: 'Type', value: 'defect' },
      { label: 'Assessment due', value: 'Tue 24 Nov 2026, 10:00 (Europe/London)' },
      { label: 'Resolution due', value: 'Tue 24 Nov 2026, 13:00 (Europe/London)' },
    ]);
    expect(assessed!.facts).toContainEqual({ label: 'Severity', value: 'Category 2 (was Category 1)' });
    expect(assessed!.summary).toBe('Assessed by eng@desk.test.');
    expect(warning).toMatchObject({
      headline: 'SLA warning on ACME-7',
      summary: 'Resolution is 75% through its time; due Tue 24 Nov 2026, 13:00 (Europe/London).',
      tone: 'warning',
    });
    expect(breached).toMatchObject({ headline: 'SLA breached on ACME-7', tone: 'attention' });
    expect(resolved!.facts).toEqual([
      { label: 'Cause', value: 'A full disk' },
      { label: 'Fix', value: 'Rotated the logs' },
    ]);
  });

  it('reads due times in the client’s own timezone, daylight saving included', () => {
    expect(inTimezone('2026-07-01T12:00:00Z', 'Europe/London')).toBe('Wed 1 Jul 2026, 13:00 (Europe/London)');
    expect(inTimezone('2026-07-01T12:00:00Z', 'America/New_York')).toBe('Wed 1 Jul 2026, 08:00 (America/New_York)');
  });

  it('links the desk’s channel to the console and names the client', () => {
    const message = chatMessage(life[2]!, staffContext);
    expect(message.link?.url).toBe('https://desk.example.com/console/tickets/ACME-7');
    expect(message.facts).toContainEqual({ label: 'Client', value: 'Acme Ltd' });
  });

  it('names an attached file and links to the ticket, never to the file', () => {
    const added = event(9, 'ticket.attachment-added', {
      attachmentId: 'a1',
      fileName: 'screenshot.png',
      contentType: 'image/png',
      size: 204_800,
    });
    const message = chatMessage(added, clientContext);
    expect(message.headline).toBe('File attached to ACME-7');
    expect(message.facts).toEqual([
      { label: 'File', value: 'screenshot.png' },
      { label: 'Size', value: '200 KB' },
    ]);
    expect(message.link?.url).toBe('https://desk.example.com/portal/tickets/ACME-7');
  });

  it('carries no link when the desk’s public URL is unknown', () => {
    expect(chatMessage(life[0]!, chatContextOf(client, 'client', undefined)).link).toBeUndefined();
  });

  it('never reads an escalation’s handover note', () => {
    const escalated = event(6, 'ticket.escalated', { from: 'L1', to: 'L2', handoverNote: 'SECRET-HANDOVER' });
    for (const format of ['slack', 'teams'] as const) {
      const body = chatPayload(format, chatMessage(escalated, staffContext));
      expect(body).not.toContain('SECRET-HANDOVER');
      expect(body).toContain('ACME-7 escalated to L2');
    }
  });
});

describe('chat payloads against the platforms’ schemas', () => {
  it('builds Slack messages within Block Kit’s limits, of Slack’s own block types', () => {
    for (const e of life) {
      const message = slackMessage(chatMessage(e, clientContext));
      expect(slackProblems(message), e.type).toEqual([]);
      // Compile-time check against @slack/types: the blocks are KnownBlocks.
      expect(asSlackBlocks(message.blocks).length).toBeGreaterThan(1);
    }
  });

  it('builds Teams messages with one Adaptive Card that the 1.5 parser accepts', () => {
    for (const e of life) expect(teamsProblems(teamsMessage(chatMessage(e, clientContext))), e.type).toEqual([]);
  });

  it('the checks catch what the platforms refuse', () => {
    const good = teamsMessage(chatMessage(life[0]!, clientContext));
    const content = good.attachments[0].content;
    const bad = {
      ...good,
      attachments: [{ ...good.attachments[0], content: { ...content, body: [{ type: 'Bogus' }] } }],
    };
    expect(teamsProblems(bad)).not.toEqual([]);
    expect(teamsProblems({ ...good, type: 'card' })).not.toEqual([]);
    const slack = slackMessage(chatMessage(life[0]!, clientContext));
    const header = { type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } };
    expect(slackProblems({ ...slack, blocks: [header] })).not.toEqual([]);
    expect(slackProblems({ ...slack, blocks: Array.from({ length: 51 }, () => slack.blocks[1]) })).not.toEqual([]);
  });

  it('keeps a huge title and comment within the limits', () => {
    const long = event(9, 'ticket.commented', { text: 'y'.repeat(10_000) }, 'x'.repeat(5000));
    const message = chatMessage(long, clientContext);
    expect(slackProblems(slackMessage(message))).toEqual([]);
    expect(teamsProblems(teamsMessage(message))).toEqual([]);
  });
});

describe('text from outside stays inert', () => {
  const hostile = '<!channel> *bold* [click](https://evil.example) <https://evil.example|here> & more';
  const message = chatMessage(event(3, 'ticket.commented', { text: hostile }, hostile), clientContext);

  it('is plain_text in Slack blocks and escaped in the notification text', () => {
    const slack = slackMessage(message);
    const markup = slack.blocks.flatMap((b) =>
      'elements' in b
        ? b.elements.filter((e) => e.type === 'mrkdwn')
        : 'text' in b && b.text?.type === 'mrkdwn'
          ? [b.text]
          : [],
    );
    // The one mrkdwn element is the desk's own link.
    expect(markup.map((m) => m.text)).toEqual([
      '<https://desk.example.com/portal/tickets/ACME-7|Open ACME-7 in the portal>',
    ]);
    expect(slack.text).not.toContain('<!channel>');
    expect(slack.text).toContain('&lt;!channel&gt;');
    expect(slack.text).toContain('&amp; more');
  });

  it('is only in TextRuns in Teams (no Markdown rendered)', () => {
    const card = teamsMessage(message).attachments[0].content;
    const types = new Set(stringsOf(card.body.map((b) => b.inlines.map((i) => i.type))));
    expect(types).toEqual(new Set(['TextRun']));
    expect(stringsOf(card.body)).toContain(hostile);
  });
});

describe("mail.quarantined in the desk's words", () => {
  const event = mailQuarantinedCloudEvent({
    quarantineId: 'a'.repeat(64),
    reason: 'ambiguous-client',
    from: 'both@acme.test',
    fromName: 'Bo Both',
    subject: 'Which of you?',
    receivedAt: '2026-12-07T09:30:00.000Z',
  });

  it('says who sent it, its subject, why it was held and when, and links to the quarantine page', () => {
    const message = chatMessage(event, deskChatContext('https://desk.example.com'));
    expect(message).toMatchObject({
      headline: 'Mail held in quarantine',
      tone: 'warning',
      link: { label: 'Review quarantined mail in the console', url: 'https://desk.example.com/console/quarantine' },
      when: 'Mon 7 Dec 2026, 09:30 (UTC)',
    });
    expect(message.facts).toEqual([
      { label: 'From', value: 'Bo Both <both@acme.test>' },
      { label: 'Subject', value: 'Which of you?' },
      { label: 'Reason', value: 'The sender is an active contact of several clients' },
      { label: 'Received', value: 'Mon 7 Dec 2026, 09:30 (UTC)' },
    ]);
  });

  it('carries no link without a public URL, and says so when the mail named no sender', () => {
    const { from: _from, fromName: _name, ...rest } = event.data;
    const message = chatMessage({ ...event, data: rest }, deskChatContext(undefined));
    expect(message.link).toBeUndefined();
    expect(message.facts[0]).toEqual({ label: 'From', value: 'No sender' });
  });
});
