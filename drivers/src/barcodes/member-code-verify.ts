import { createHmac, timingSafeEqual } from 'node:crypto';
import { crockfordBase32 } from '@mendian/protocol';
import { DriverError, err, ok, type Result } from '../errors.js';
import { barcodeError, type BarcodeError } from './barcode-error.js';
import { parseMemberCode, type MemberCode } from './member-code.js';

function macOf(key: Uint8Array, signed: string): string {
  return crockfordBase32(createHmac('sha256', key).update(signed).digest().subarray(0, 10));
}

export interface MemberKeys {
  /** keyId → secret. */
  [keyId: string]: Uint8Array;
}

/** Issues a member code (used by the member app backend, the simulator and tests). */
export function issueMemberCode(
  keys: MemberKeys,
  keyId: string,
  cardNo: string,
  expiresAt: number,
): string {
  const key = keys[keyId];
  if (!key) throw new DriverError('CONFIG_INVALID', `no member key "${keyId}"`);
  if (!/^\d{6,20}$/.test(cardNo))
    throw new DriverError('ENCODE_FAILED', 'card number: 6-20 digits');
  const signed = `MDM1:${keyId}:${cardNo}:${Math.floor(expiresAt / 1000)
    .toString(36)
    .toUpperCase()}`;
  return `${signed}:${macOf(key, signed)}`;
}

/** Parses and verifies signature and expiry. `maxFutureMs` refuses codes valid implausibly long. */
export function verifyMemberCode(
  input: string,
  keys: MemberKeys,
  now: number,
  maxFutureMs = 10 * 60_000,
): Result<MemberCode, BarcodeError> {
  const parsed = parseMemberCode(input);
  if (!parsed.ok) return parsed;
  const code = parsed.value;
  const key = keys[code.keyId];
  if (!key) return err(barcodeError('BAD_SIGNATURE', `unknown member key "${code.keyId}"`));
  const expected = Buffer.from(macOf(key, code.signed));
  if (!timingSafeEqual(expected, Buffer.from(code.mac))) {
    return err(barcodeError('BAD_SIGNATURE', 'member code signature does not match'));
  }
  if (code.expiresAt < now) return err(barcodeError('EXPIRED', 'member code has expired'));
  if (code.expiresAt > now + maxFutureMs) {
    return err(barcodeError('EXPIRED', 'member code expiry is too far in the future'));
  }
  return ok(code);
}
