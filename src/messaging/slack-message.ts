import { chatPlainText, truncate, type ChatMessage } from './chat-message';

/**
 * The parts of Slack's Block Kit a chat message uses, as documented (api.slack.com/reference/block-kit):
 * typed here rather than imported, so deployed code needs no Slack package; test/messaging checks them
 * against `@slack/types` and the documented limits.
 */
export interface SlackPlainText {
  readonly type: 'plain_text';
  readonly text: string;
  readonly emoji?: boolean;
}
export interface SlackMrkdwn {
  readonly type: 'mrkdwn';
  readonly text: string;
}
export type SlackBlock =
  | { readonly type: 'header'; readonly text: SlackPlainText }
  | { readonly type: 'section'; readonly text?: SlackPlainText | SlackMrkdwn; readonly fields?: SlackPlainText[] }
  | { readonly type: 'context'; readonly elements: (SlackPlainText | SlackMrkdwn)[] };

/** An incoming-webhook message: `text` is the notification line and the fallback; `blocks` what is shown. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

/** Block Kit's documented limits. */
export const slackLimits = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
} as const;

/**
 * Slack's control characters in `mrkdwn` and in `text`: `&`, `<`, `>` start entities, links and
 * mentions (`<!channel>`), so text from outside is escaped before it goes where Slack reads markup.
 */
export const escapeSlack = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const plain = (text: string, max: number): SlackPlainText => ({ type: 'plain_text', text: truncate(text, max) });

/**
 * The message for a Slack incoming webhook. Everything from outside (titles, comments, names) is in
 * `plain_text` elements, which Slack never reads as markup; the one `mrkdwn` element is the link, built
 * from the desk's own URL.
 */
export function slackMessage(message: ChatMessage): SlackMessage {
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(message.headline, slackLimits.headerText) },
    {
      type: 'section',
      text: plain(message.title ? `${message.title}\n${message.summary}` : message.summary, slackLimits.sectionText),
    },
  ];
  const fields = message.facts.map((f) => plain(`${f.label}: ${f.value}`, slackLimits.fieldText));
  for (let i = 0; i < fields.length; i += slackLimits.fields) {
    blocks.push({ type: 'section', fields: fields.slice(i, i + slackLimits.fields) });
  }
  blocks.push({
    type: 'context',
    elements: [
      plain(message.when, slackLimits.sectionText),
      ...(message.link
        ? [{ type: 'mrkdwn' as const, text: `<${message.link.url}|${escapeSlack(message.link.label)}>` }]
        : []),
    ],
  });
  return {
    text: truncate(escapeSlack(chatPlainText(message)), slackLimits.sectionText),
    blocks: blocks.slice(0, slackLimits.blocks),
  };
}
