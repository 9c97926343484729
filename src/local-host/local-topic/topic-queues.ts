import type { EventMessage } from '../../messaging/event-message';

/**
 * Each topic subscription is one Azurite storage queue of the same name; what a subscription gives up
 * on goes to `{name}-deadletter`, as Service Bus moves it to the subscription's dead-letter queue.
 */
export const subscriptionQueue = (subscription: string): string => subscription;
export const deadLetterQueue = (subscription: string): string => `${subscription}-deadletter`;

/** A message on a subscription queue: the topic message plus what Service Bus would track about it. */
export interface QueueEnvelope extends EventMessage {
  readonly enqueuedTimeUtc: string;
  /** Handler failures so far. Not the queue's dequeue count, which also counts deliveries held back for order. */
  readonly failures: number;
  readonly deadLetterReason?: string;
  readonly deadLetterErrorDescription?: string;
}

/** Storage queue messages must be XML-safe text of at most 64 KiB; base64 of the JSON always is. */
const maxMessageChars = 64 * 1024;

export function encodeEnvelope(envelope: QueueEnvelope): string {
  const text = Buffer.from(JSON.stringify(envelope), 'utf8').toString('base64');
  if (text.length > maxMessageChars) {
    throw new RangeError(`Event ${envelope.messageId} is too large for the local topic (${text.length} > ${maxMessageChars} characters).`);
  }
  return text;
}

export function decodeEnvelope(text: string): QueueEnvelope {
  return JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as QueueEnvelope;
}
