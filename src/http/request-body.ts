import type { HttpRequest } from '@azure/functions';
import type { z } from 'zod';
import { HttpProblem, validationProblem } from './problem';

/** No API body comes near this; larger ones are refused before they are parsed. */
export const maxBodyBytes = 256 * 1024;

export async function readJsonBody<S extends z.ZodType>(request: HttpRequest, schema: S): Promise<z.output<S>> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBodyBytes) throw tooLarge();
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > maxBodyBytes) throw tooLarge();
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type.trim())) {
    throw new HttpProblem(415, 'Unsupported media type', 'Send the body as application/json.');
  }
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new HttpProblem(400, 'Invalid request', 'The body is not valid JSON.', [{ field: 'body', pointer: '', message: 'not valid JSON' }]);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(result.error.issues, 'body');
  return result.data;
}

export function parseParams<S extends z.ZodType>(values: unknown, schema: S, where: 'query' | 'path'): z.output<S> {
  const result = schema.safeParse(values);
  if (!result.success) throw validationProblem(result.error.issues, where);
  return result.data;
}

const tooLarge = () => new HttpProblem(413, 'Payload too large', `Request bodies are limited to ${maxBodyBytes} bytes.`);
