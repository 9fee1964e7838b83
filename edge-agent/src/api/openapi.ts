import { apiErrorBody } from '@mendian/protocol';
import { z } from 'zod';
import type { RouteTable } from './route-kit.js';

function schemaOf(s: z.ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'openapi-3.0' });
}

/** OpenAPI 3.0 document generated from the routes' zod schemas, so it cannot drift. */
export function openApiDocument(
  table: RouteTable,
  info: { title: string; version: string },
): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of table) {
    const url = r.url.replace(/:(\w+)/g, '{$1}');
    const params = [...r.url.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = r.query
      ? (schemaOf(r.query, 'input') as { properties?: Record<string, unknown> })
      : null;
    const queryParams = Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      schema,
    }));
    paths[url] ??= {};
    paths[url][r.method.toLowerCase()] = {
      summary: r.summary,
      ...(r.public ? { security: [] } : {}),
      parameters: [...params, ...queryParams],
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schemaOf(r.body, 'input') } },
            },
          }
        : {}),
      responses: {
        '200': {
          description: 'OK',
          ...(r.response
            ? { content: { 'application/json': { schema: schemaOf(r.response, 'output') } } }
            : {}),
        },
        default: {
          description: 'Error: {error: {code, message, details?}}',
          content: { 'application/json': { schema: schemaOf(apiErrorBody, 'output') } },
        },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info,
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
