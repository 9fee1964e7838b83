import { err, ok, type Result } from '../errors.js';
import { barcodeError, type BarcodeError } from './barcode-error.js';

/**
 * Mendian member QR: `MDM1:{keyId}:{cardNo}:{expiry}:{mac}`
 *
 * - Only QR alphanumeric-mode characters (0-9 A-Z : ), so the symbol stays small (version 2-3)
 *   and no scanner's case or keyboard-layout setting can change it.
 * - `expiry` is epoch seconds in base 36: the member app shows a fresh code every minute and a
 *   code is good for a short window (like WeChat/Alipay dynamic codes), so a photo of someone's
 *   code is useless a few minutes later.
 * - `mac` is the first 10 bytes of HMAC-SHA256(key, "MDM1:{keyId}:{cardNo}:{expiry}") in
 *   Crockford base32 (16 chars, 80 bits): forging is out of reach offline, and the lane verifies
 *   without a network round trip because stores hold the chain's member keys by `keyId`,
 *   which also allows rotating keys without invalidating codes already on screens.
 *
 * Parsing (format only) is pure; verification needs the key and lives in member-code-verify.ts.
 */
export interface MemberCode {
  kind: 'memberCode';
  version: 1;
  keyId: string;
  cardNo: string;
  expiresAt: number;
  mac: string;
  /** The signed part, for verification. */
  signed: string;
}

export const MEMBER_CODE_RE =
  /^MDM1:([0-9A-Z]{1,4}):(\d{6,20}):([0-9A-Z]{5,8}):([0-9A-HJKMNP-TV-Z]{16})$/;

export function parseMemberCode(input: string): Result<MemberCode, BarcodeError> {
  const text = input.trim();
  if (!text.startsWith('MDM1:')) {
    return err(barcodeError('NOT_THIS_FORMAT', 'member codes start with MDM1:'));
  }
  const m = MEMBER_CODE_RE.exec(text);
  if (!m) {
    return err(
      barcodeError('BAD_LENGTH', 'member code must be MDM1:{keyId}:{cardNo}:{expiry}:{mac16}'),
    );
  }
  const expiresAt = parseInt(m[3]!, 36) * 1000;
  return ok({
    kind: 'memberCode',
    version: 1,
    keyId: m[1]!,
    cardNo: m[2]!,
    expiresAt,
    mac: m[4]!,
    signed: text.slice(0, text.lastIndexOf(':')),
  });
}
