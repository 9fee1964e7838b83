import { CodedError, type ApiErrorBody } from '@mendian/protocol';

/** HTTP status of each domain outcome code the lane API can return. */
const STATUS: Record<string, number> = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  UNKNOWN_STAFF: 401,
  WRONG_PIN: 401,
  LOCKED_OUT: 429,
  INACTIVE: 403,
  FORBIDDEN: 403,
  APPROVAL_REQUIRED: 403,
  NOT_FOUND: 404,
  INVALID_STATE: 409,
  NO_SHIFT: 409,
  SHIFT_OPEN: 409,
  ALREADY_REFUNDED: 409,
  DUPLICATE: 409,
  BAD_QUANTITY: 422,
  BAD_AMOUNT: 422,
  BAD_COUNT: 422,
  BAD_CODE: 422,
  WEIGHT_REQUIRED: 422,
  NO_PRICE: 422,
  USE_RETURNS: 422,
  DECLINED: 402,
  TIMEOUT: 408,
  GATEWAY_UNREACHABLE: 503,
  TERMINAL_UNAVAILABLE: 503,
  NO_GATEWAY: 503,
  UPSTREAM_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export function statusOf(code: string): number {
  return STATUS[code] ?? new CodedError(code, '').httpStatus;
}

export function errorBody(code: string, message: string, details?: unknown): ApiErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}
