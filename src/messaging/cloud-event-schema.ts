import { z } from 'zod';
import type { CloudEvent } from '../domain/events/cloud-event';

/**
 * A CloudEvent as it arrives from the topic. The Functions host hands a Service Bus body over as parsed
 * JSON, a string or bytes depending on how it was sent; all three are accepted. Producers other than the
 * ticket timeline (hour bank, alerts) may leave `subject`, `sequence` and `severity` out.
 */
const cloudEventSchema = z.looseObject({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(200),
  source: z.string().min(1),
  type: z.string().regex(/^[a-z]+(\.[a-z-]+)+$/),
  subject: z.string().default(''),
  time: z.string(),
  datacontenttype: z.literal('application/json').default('application/json'),
  data: z.record(z.string(), z.unknown()).default({}),
  clientid: z.string().min(1),
  severity: z.string().optional(),
  sequence: z.string().default(''),
});

export class NotACloudEventError extends Error {
  override readonly name = 'NotACloudEventError';
}

export function parseCloudEvent(body: unknown): CloudEvent {
  let value = body;
  if (value instanceof Uint8Array) value = Buffer.from(value).toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      throw new NotACloudEventError('The message body is not JSON.');
    }
  }
  const result = cloudEventSchema.safeParse(value);
  if (!result.success) {
    throw new NotACloudEventError(
      `The message body is not a CloudEvent: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return result.data;
}
