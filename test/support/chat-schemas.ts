import { createRequire } from 'node:module';
import type { KnownBlock } from '@slack/types';

/**
 * Checks chat payloads against what the platforms document, with their own tooling where it exists:
 * - Teams: Microsoft's `adaptivecards` parser at version 1.5 (unknown element types, bad property
 *   values and elements newer than 1.5 are its validation events), after the Workflows envelope;
 * - Slack: the Block Kit limits (50 blocks, 150 characters of header, 3,000 of section text, 10 fields
 *   of 2,000, 10 context elements) and, at compile time, the `@slack/types` block types.
 * Each returns the problems found: an empty list is a valid payload.
 */

type AdaptiveCards = typeof import('adaptivecards');
// The package's ES build imports without file extensions, which Node's loader refuses; its bundle loads.
const adaptiveCards = createRequire(__filename)('adaptivecards/dist/adaptivecards.js') as AdaptiveCards;

interface TeamsEnvelope {
  type?: unknown;
  attachments?: { contentType?: unknown; content?: Record<string, unknown> }[];
}

export function teamsProblems(payload: unknown): string[] {
  const message = payload as TeamsEnvelope;
  const problems: string[] = [];
  if (message.type !== 'message') problems.push('type must be "message"');
  if (!Array.isArray(message.attachments) || message.attachments.length !== 1)
    return [...problems, 'one attachment expected'];
  const [attachment] = message.attachments;
  if (attachment!.contentType !== 'application/vnd.microsoft.card.adaptive')
    problems.push('contentType must be application/vnd.microsoft.card.adaptive');
  const content = attachment!.content;
  if (!content || content.type !== 'AdaptiveCard') return [...problems, 'content must be an AdaptiveCard'];
  if (content.version !== '1.5') problems.push(`version ${String(content.version)}, not 1.5`);
  const card = new adaptiveCards.AdaptiveCard();
  const context = new adaptiveCards.SerializationContext(adaptiveCards.Versions.v1_5);
  card.parse(content, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of card.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  if (JSON.stringify(payload).length > 28_000) problems.push('larger than the 28 KB Teams takes');
  return problems;
}

interface TextObject {
  type?: unknown;
  text?: unknown;
}
interface Block {
  type?: unknown;
  text?: TextObject;
  fields?: TextObject[];
  elements?: TextObject[];
}

const textProblems = (where: string, t: TextObject | undefined, max: number, types: string[]): string[] => {
  if (!t) return [`${where}: text missing`];
  const problems: string[] = [];
  if (!types.includes(String(t.type))) problems.push(`${where}: text type ${String(t.type)}`);
  if (typeof t.text !== 'string' || t.text.length === 0) problems.push(`${where}: empty text`);
  else if ([...t.text].length > max) problems.push(`${where}: ${[...t.text].length} characters > ${max}`);
  return problems;
};

export function slackProblems(payload: unknown): string[] {
  const message = payload as { text?: unknown; blocks?: Block[] };
  const problems: string[] = [];
  if (typeof message.text !== 'string' || message.text.length === 0) problems.push('text missing');
  else if ([...message.text].length > 3000) problems.push('text > 3000 characters');
  if (!Array.isArray(message.blocks) || message.blocks.length === 0) return [...problems, 'blocks missing'];
  if (message.blocks.length > 50) problems.push(`${message.blocks.length} blocks > 50`);
  message.blocks.forEach((block, i) => {
    const where = `blocks[${i}] (${String(block.type)})`;
    switch (block.type) {
      case 'header':
        problems.push(...textProblems(where, block.text, 150, ['plain_text']));
        break;
      case 'section':
        if (!block.text && !block.fields) problems.push(`${where}: text or fields required`);
        if (block.text) problems.push(...textProblems(where, block.text, 3000, ['plain_text', 'mrkdwn']));
        if (block.fields) {
          if (block.fields.length > 10) problems.push(`${where}: ${block.fields.length} fields > 10`);
          block.fields.forEach((f, j) =>
            problems.push(...textProblems(`${where}.fields[${j}]`, f, 2000, ['plain_text', 'mrkdwn'])),
          );
        }
        break;
      case 'context':
        if (!block.elements || block.elements.length === 0 || block.elements.length > 10)
          problems.push(`${where}: 1–10 elements`);
        block.elements?.forEach((e, j) =>
          problems.push(...textProblems(`${where}.elements[${j}]`, e, 3000, ['plain_text', 'mrkdwn'])),
        );
        break;
      default:
        problems.push(`${where}: a block type this desk does not send`);
    }
  });
  return problems;
}

/** Compile-time: the blocks are Slack's own block types. */
export const asSlackBlocks = (blocks: readonly KnownBlock[]): readonly KnownBlock[] => blocks;

/** Every string a payload shows, wherever it sits. */
export function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}
