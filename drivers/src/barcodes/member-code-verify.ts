import { createHmac, timingSafeEqual } from 'node:crypto';
import { DriverError, err, ok, type Result } from '../errors.js';
import { barcodeError, type BarcodeError } from './barcode-error.js';
import { parseMemberCode, type MemberCode } from './member-code.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += CROCKFORD[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

function macOf(key: Uint8Array, signed: string): string {
  return base32(createHmac('sha256', key).update(signed).digest().subarray(0, 10));
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
