import { z } from 'zod';

/**
 * Every API error is a JSON body `{ error: { code, message, details? } }` with an HTTP status.
 * Codes are stable strings a client can switch on; messages are for people (and logs).
 */
export const API_ERROR_CODES = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  APPROVAL_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  DUPLICATE: 409,
  INVALID_STATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UPSTREAM_UNAVAILABLE: 503,
} as const;
export type ApiErrorCode = keyof typeof API_ERROR_CODES;

export const apiErrorBody = z.object({
  error: z.object({
    code: z.string().min(1),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBody>;

/** The exceptional-failure tier: thrown with a code, turned into an ApiErrorBody at the edge. */
export class CodedError extends Error {
  constructor(
    readonly code: ApiErrorCode | (string & {}),
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CodedError';
  }

  get httpStatus(): number {
    return (API_ERROR_CODES as Record<string, number>)[this.code] ?? 500;
  }

  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** The expected-outcome tier: domain calls return this instead of throwing. */
export type Result<T, C extends string = string> =
  { ok: true; value: T } | { ok: false; code: C; message: string; details?: unknown };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<C extends string>(
  code: C,
  message: string,
  details?: unknown,
): { ok: false; code: C; message: string; details?: unknown } {
  return details === undefined
    ? { ok: false, code, message }
    : { ok: false, code, message, details };
}
