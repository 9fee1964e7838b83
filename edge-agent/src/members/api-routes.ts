import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import type { Member, Result } from '@mendian/protocol';
import { notFound, sendResult } from '../stock/http-result.js';
import type { MemberService, MemberView } from './member-service.js';

export interface MemberRoutesOptions {
  members: MemberService;
  /** The signed-in staff member of a request (the API's session); replaces a body staffId. */
  staffOf?: (request: FastifyRequest) => string | null;
}

/**
 * Members at the till, as a Fastify plugin the edge-agent API server registers:
 * `app.register(memberRoutes, { prefix: '/api', members, staffOf })`. Responses carry the masked
 * phone only.
 */
export const memberRoutes: FastifyPluginCallback<MemberRoutesOptions> = (app, opts, done) => {
  const { members } = opts;
  const body = (req: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const b = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const staff = opts.staffOf?.(req);
    return { ...b, ...extra, ...(staff ? { staffId: staff } : {}) };
  };

  app.post('/members/lookup', async (req, reply) => sendResult(reply, members.lookup(req.body)));
  app.get<{ Params: { id: string } }>('/members/:id', async (req, reply) => {
    const m = members.get(req.params.id);
    return m ? reply.send({ data: m }) : notFound(reply, 'no such member');
  });
  // Signup and consent return the member's view, never the document with its full phone.
  const asView = (r: Result<Member>): Result<MemberView> =>
    r.ok ? { ok: true, value: members.view(r.value) } : r;
  app.post('/members', async (req, reply) =>
    sendResult(reply, asView(members.signUp(body(req))), 201),
  );
  app.put<{ Params: { id: string } }>('/members/:id/consent', async (req, reply) =>
    sendResult(reply, asView(members.recordConsent({ ...body(req), memberId: req.params.id }))),
  );
  app.post('/members/holds', async (req, reply) => sendResult(reply, members.hold(req.body), 201));
  app.delete<{ Params: { holdId: string } }>('/members/holds/:holdId', async (req, reply) =>
    sendResult(reply, members.releaseHold(req.params.holdId)),
  );
  app.post<{ Params: { id: string } }>('/members/:id/rewards', async (req, reply) =>
    sendResult(reply, members.redeemReward({ ...body(req), memberId: req.params.id }), 201),
  );
  app.post<{ Params: { id: string } }>('/members/:id/top-ups', async (req, reply) =>
    sendResult(reply, members.topUp({ ...body(req), memberId: req.params.id }), 201),
  );
  done();
};
