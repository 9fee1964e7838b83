/**
 * Two error tiers (STYLE.md): expected outcomes are typed results (`Result`), exceptional
 * failures are `DriverError`s carrying a code. Nothing here throws strings.
 */

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}
export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

export type DriverErrorCode =
  | 'TRANSPORT_CLOSED'
  | 'TRANSPORT_TIMEOUT'
  | 'TRANSPORT_FAILED'
  | 'DEVICE_UNSUPPORTED'
  | 'CONFIG_INVALID'
  | 'ENCODE_FAILED'
  | 'ESCPOS_DECODE_FAILED'
  | 'RENDER_FAILED';

export class DriverError extends Error {
  constructor(
    readonly code: DriverErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DriverError';
  }
}

/** A logger port; the host passes its own, tests pass a recorder. */
export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
