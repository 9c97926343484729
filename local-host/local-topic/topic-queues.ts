import type { EventMessage } from '../../src/messaging/event-message';

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
    throw new RangeError(
      `Event ${envelope.messageId} is too large for the local topic (${text.length} > ${maxMessageChars} characters).`,
    );
  }
  return text;
}

export function decodeEnvelope(text: string): QueueEnvelope {
  return JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as QueueEnvelope;
}

/**
 * A queue message carrying several topic messages, in order. One publish puts each subscription's share
 * of its events in as few queue messages as fit (`packEnvelopes`), because every queue message costs
 * Azurite a write, a read and a delete, and each one is an extent its garbage collector walks.
 */
interface EnvelopeBatch {
  readonly batch: readonly QueueEnvelope[];
}

/** The topic messages in a queue message: one for a single envelope (what dead-letter queues hold, and older data), several for a batch. */
export function decodeMessage(text: string): QueueEnvelope[] {
  const decoded = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as QueueEnvelope | EnvelopeBatch;
  if ('batch' in decoded) return [...decoded.batch];
  return [decoded];
}

/** Queue message texts holding these envelopes, in order, each within the queue's size limit. */
export function packEnvelopes(envelopes: readonly QueueEnvelope[]): string[] {
  const texts: string[] = [];
  let current: QueueEnvelope[] = [];
  // `{"batch":[` + the envelopes' JSON joined by commas + `]}`, in UTF-8 bytes; base64 makes 4 of every 3.
  const wrapperBytes = '{"batch":[]}'.length;
  let currentBytes = wrapperBytes;
  const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;
  for (const envelope of envelopes) {
    const bytes = Buffer.byteLength(JSON.stringify(envelope), 'utf8');
    if (base64Length(wrapperBytes + bytes) > maxMessageChars) encodeEnvelope(envelope); // throws: it could never fit
    const grown = currentBytes + bytes + (current.length > 0 ? 1 : 0);
    if (current.length > 0 && base64Length(grown) > maxMessageChars) {
      texts.push(encodeBatch(current));
      current = [];
      currentBytes = wrapperBytes;
    }
    currentBytes += bytes + (current.length > 0 ? 1 : 0);
    current.push(envelope);
  }
  if (current.length > 0) texts.push(encodeBatch(current));
  return texts;
}

function encodeBatch(batch: readonly QueueEnvelope[]): string {
  return batch.length === 1 && batch[0]
    ? encodeEnvelope(batch[0])
    : Buffer.from(JSON.stringify({ batch }), 'utf8').toString('base64');
}
