import { z } from 'zod';
import { json } from '../endpoint';
import { buildOpenApiDocument } from '../openapi-document';
import { defineOperation } from '../operation';
import { apiOperations } from './api-operations';

let document: Record<string, unknown> | undefined;

/**
 * The OpenAPI document this API serves at `/api/openapi.json`; `npm run generate:api` builds the web's
 * types from this same function, in process, so the pages are typed by what the server sends.
 */
export function openApiDocument(): Record<string, unknown> {
  document ??= buildOpenApiDocument([...apiOperations, getOpenApiOperation as never]);
  return document;
}

export const getOpenApiOperation = defineOperation({
  name: 'get-openapi',
  method: 'GET',
  route: 'openapi.json',
  summary: 'This API as OpenAPI 3.1',
  tags: ['service'],
  access: 'anyone',
  responses: {
    200: {
      description: 'The OpenAPI 3.1 document.',
      schema: z.object({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }) }).loose(),
    },
  },
  uses: [],
  handle() {
    return Promise.resolve(json(200, openApiDocument()));
  },
});
