import { z } from 'zod';
import { apiRoute } from './api-route';
import type { Operation } from './operation';

type JsonSchema = Record<string, unknown>;

const problemSchema: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, pointer: { type: 'string' }, message: { type: 'string' } },
        required: ['field', 'pointer', 'message'],
      },
    },
  },
  required: ['title', 'status'],
};

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema;
  return rest;
}

/** OpenAPI 3.1 from the operations' own zod schemas: what is validated is what is documented. */
export function buildOpenApiDocument(operations: readonly Operation<never, never, never>[]): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = `/${apiRoute(op.route)}`;
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', op.params],
      ['query', op.query],
    ] as const) {
      if (!schema) continue;
      const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
      for (const [name, property] of Object.entries(json.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (json.required ?? []).includes(name),
          schema: property,
        });
      }
    }
    for (const header of op.headers ?? [])
      parameters.push({
        name: header.name,
        in: 'header',
        required: false,
        description: header.description,
        schema: { type: 'string' },
      });
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(op.responses)) {
      const media =
        Number(status) >= 400
          ? { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }
          : response.schema
            ? { [response.contentType ?? 'application/json']: { schema: schemaOf(response.schema, 'output') } }
            : undefined;
      responses[status] = { description: response.description, ...(media ? { content: media } : {}) };
    }
    if (op.body)
      responses['400'] ??= {
        description: 'Invalid request.',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    if (op.access !== 'anyone')
      responses['401'] = {
        description: 'Missing or unknown key.',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    paths[path] ??= {};
    paths[path][op.method.toLowerCase()] = {
      operationId: op.name,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: op.tags,
      ...(op.access === 'anyone' ? { security: [] } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(op.body, 'input') } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Support Desk API',
      version: '1.0.0',
      description: "Support tickets with SLA clocks against each client's support agreement.",
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { session: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'The admin key, a client API key, or a staff token from Entra ID.',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: '__Host-sd',
          description:
            "A signed-in person's session (POST /api/sessions). Unsafe requests also send the session's `X-CSRF-Token` and come from the app's own Origin. A person who is both staff and a client contact acts as staff unless the request sends `X-Act-As: contact` (or `staff`); a role one does not hold is 403.",
        },
      },
      schemas: { Problem: problemSchema },
    },
    paths,
  };
}
