import { json } from '../endpoint';
import { buildOpenApiDocument } from '../openapi-document';
import { defineOperation } from '../operation';
import { apiOperations } from './api-operations';

let document: unknown;

export const getOpenApiOperation = defineOperation({
  name: 'get-openapi',
  method: 'GET',
  route: 'openapi.json',
  summary: 'This API as OpenAPI 3.1',
  tags: ['service'],
  access: 'anyone',
  responses: { 200: { description: 'The OpenAPI document.' } },
  handle() {
    document ??= buildOpenApiDocument([...apiOperations, getOpenApiOperation as never]);
    return Promise.resolve(json(200, document));
  },
});
