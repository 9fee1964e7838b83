import { scryptHash, scryptVerify, type ScryptCost } from '../security/scrypt-hash.js';

/**
 * PINs are stored as `scrypt$N$r$p$saltB64$hashB64` (protocol staffSchema.pinHash). A PIN has few
 * digits, so the KDF must be slow: N=2^15 costs ~50 ms and 32 MiB per try on a store PC.
 */
export type PinHashParams = ScryptCost;

export const DEFAULT_PIN_PARAMS: PinHashParams = { N: 32768, r: 8, p: 1 };

export class PinFormatError extends Error {
  readonly code = 'PIN_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'PinFormatError';
  }
}

export function assertPinShape(pin: string): void {
  if (!/^\d{4,8}$/.test(pin)) throw new PinFormatError('a PIN is 4 to 8 digits');
}

export async function hashPin(
  pin: string,
  params: PinHashParams = DEFAULT_PIN_PARAMS,
): Promise<string> {
  assertPinShape(pin); // inside async: a bad PIN rejects, as callers await it
  return scryptHash(pin, params);
}

/** Constant-time comparison; a malformed stored hash never verifies. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  return (await scryptVerify(pin, stored)) ?? false;
}
