import type { FastifyRequest } from 'fastify';
import { CodedError } from '@mendian/protocol';
import type { Principal } from '../collections/policy.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function requirePrincipal(req: FastifyRequest): Principal {
  if (req.principal === null) {
    throw new CodedError('UNAUTHENTICATED', 'a store credential or the HQ token is required');
  }
  return req.principal;
}

export function requireHq(req: FastifyRequest): void {
  if (requirePrincipal(req).kind !== 'hq') throw new CodedError('FORBIDDEN', 'HQ only');
}
