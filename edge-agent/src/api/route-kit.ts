import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { issuesOf, type Result } from '@mendian/protocol';
import type { z } from 'zod';
import { errorBody, statusOf } from './http-errors.js';
import type { Session, SessionStore } from './sessions.js';

export interface RouteDef<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  summary: string;
  body?: B;
  query?: Q;
  response?: z.ZodType;
  /** Routes that work without a session (login, health, OpenAPI). */
  public?: boolean;
}

type In<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContext<B, Q> {
  body: B;
  query: Q;
  params: Record<string, string>;
  session: Session;
  req: FastifyRequest;
}

/** Every registered route, for the OpenAPI document. */
export type RouteTable = RouteDef<z.ZodType | undefined, z.ZodType | undefined>[];

export type Handler<B, Q> = (
  ctx: RouteContext<B, Q>,
) => Promise<Result<unknown, string>> | Result<unknown, string>;

/**
 * Registers a route whose body and query are validated by zod before the handler runs, so an
 * invalid request reaches no domain code and changes nothing. Domain results become 200 with the
 * value or the mapped status with `{error: {code, message, details}}`.
 */
export function defineRoute<B extends z.ZodType | undefined, Q extends z.ZodType | undefined>(
  app: FastifyInstance,
  table: RouteTable,
  sessions: SessionStore,
  def: RouteDef<B, Q>,
  handler: Handler<In<B>, In<Q>>,
): void {
  table.push(def);
  app.route({
    method: def.method,
    url: def.url,
    handler: async (req: FastifyRequest, reply: FastifyReply) => {
      const session = sessions.get(req.headers.authorization);
      if (!def.public && !session) {
        return reply.code(401).send(errorBody('UNAUTHENTICATED', '请先登录 / log in first'));
      }
      const parse = (schema: z.ZodType | undefined, input: unknown, what: string) => {
        if (!schema) return { ok: true as const, value: undefined };
        const r = schema.safeParse(input ?? {});
        return r.success
          ? { ok: true as const, value: r.data }
          : { ok: false as const, issues: issuesOf(r.error), what };
      };
      const body = parse(def.body, req.body, 'body');
      const query = parse(def.query, req.query, 'query');
      for (const p of [body, query]) {
        if (!p.ok) {
          const message = `invalid ${p.what}: ${p.issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`;
          return reply
            .code(400)
            .send(errorBody('VALIDATION_FAILED', message, { issues: p.issues }));
        }
      }
      const r = await handler({
        body: body.value as In<B>,
        query: query.value as In<Q>,
        params: req.params as Record<string, string>,
        session: session as Session,
        req,
      });
      if (r.ok) return reply.code(200).send(r.value ?? {});
      return reply.code(statusOf(r.code)).send(errorBody(r.code, r.message, r.details));
    },
  });
}
