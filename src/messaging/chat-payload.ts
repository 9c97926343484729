import type { ChatFormat } from '../domain/clients/client';
import type { ChatMessage } from './chat-message';
import { slackMessage } from './slack-message';
import { teamsMessage } from './teams-message';

/** The request body for a chat webhook: JSON, as both platforms take it. */
export function chatPayload(format: ChatFormat, message: ChatMessage): string {
  return JSON.stringify(format === 'slack' ? slackMessage(message) : teamsMessage(message));
}
