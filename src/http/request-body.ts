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
    throw new HttpProblem(400, 'Invalid request', 'The body is not valid JSON.', [
      { field: 'body', pointer: '', message: 'not valid JSON' },
    ]);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(result.error.issues, 'body');
  return result.data;
}

/**
 * Query parameters as an object: a name given once is a string, a repeated one (`?status=new&status=assessed`)
 * an array, so a schema that takes one value refuses a repeat (400 naming it) instead of keeping the last.
 */
/**
 * The query as sent: read from the URL, because the Functions host hands `request.query` over as a map
 * of one string per name (a repeated name joined or lost); the request's own map when the URL has none.
 */
export function querySource(request: { readonly url: string; readonly query: URLSearchParams }): URLSearchParams {
  const fromUrl = URL.canParse(request.url) ? new URL(request.url).searchParams : undefined;
  return fromUrl && fromUrl.size > 0 ? fromUrl : request.query;
}

export function queryValues(query: URLSearchParams): Record<string, string | string[]> {
  // fromEntries defines own properties, so a parameter named `__proto__` stays a parameter.
  return Object.fromEntries(
    [...new Set(query.keys())].map((name) => {
      const all = query.getAll(name);
      return [name, all.length === 1 ? (all[0] as string) : all];
    }),
  );
}

export function parseParams<S extends z.ZodType>(values: unknown, schema: S, where: 'query' | 'path'): z.output<S> {
  const result = schema.safeParse(values);
  if (!result.success) throw validationProblem(result.error.issues, where);
  return result.data;
}

const tooLarge = () =>
  new HttpProblem(413, 'Payload too large', `Request bodies are limited to ${maxBodyBytes} bytes.`);
