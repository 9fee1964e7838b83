import type { FastifyReply } from 'fastify';
import { API_ERROR_CODES, type Result } from '@mendian/protocol';

/**
 * HTTP status of the expected failure codes of the stock and member services; anything not listed
 * is a 409 (the request was understood, the state does not allow it).
 */
const STATUS: Record<string, number> = {
  VALIDATION_FAILED: API_ERROR_CODES.VALIDATION_FAILED,
  INVALID_CODE: 400,
  NOT_FOUND: 404,
  UNKNOWN_PRODUCT: 404,
  UNKNOWN_BARCODE: 404,
  HOLD_NOT_FOUND: 404,
  NO_CONSENT: 422,
  NO_EARNING_RULES: 503,
};

/** Sends a domain result: `{ data }` on success, the API error body otherwise. */
export function sendResult<T>(
  reply: FastifyReply,
  result: Result<T>,
  successStatus = 200,
): FastifyReply {
  if (result.ok) return reply.status(successStatus).send({ data: result.value });
  return reply.status(STATUS[result.code] ?? 409).send({
    error: {
      code: result.code,
      message: result.message,
      ...(result.details === undefined ? {} : { details: result.details }),
    },
  });
}

export function notFound(reply: FastifyReply, message: string): FastifyReply {
  return reply.status(404).send({ error: { code: 'NOT_FOUND', message } });
}

/** A query parameter as a bounded integer, or the default. */
export function intParam(value: unknown, fallback: number, min: number, max: number): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : fallback;
  return Math.min(max, Math.max(min, n));
}
