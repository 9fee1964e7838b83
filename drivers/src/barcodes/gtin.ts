import { err, ok, type Result } from '../errors.js';
import { barcodeError, type BarcodeError } from './barcode-error.js';

/**
 * GTIN family check digits (GS1 General Specifications 7.9.1: weights 3,1 from the right).
 * Own code rather than the `gtin` package: it is a few lines, and we need typed reasons.
 */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export type GtinFormat = 'ean13' | 'ean8' | 'upca' | 'upce' | 'gtin14';

export interface Gtin {
  kind: 'gtin';
  format: GtinFormat;
  /** As scanned (UPC-E stays 8 digits here). */
  text: string;
  /** Normalised 14-digit GTIN, the key products are looked up by. */
  gtin14: string;
}

const DIGITS = /^\d+$/;

/** Expands an 8-digit UPC-E (number system 0 or 1) to its 12-digit UPC-A. */
export function expandUpcE(upce: string): Result<string, BarcodeError> {
  if (!/^[01]\d{7}$/.test(upce)) {
    return err(barcodeError('BAD_LENGTH', `UPC-E must be 8 digits starting 0 or 1, got "${upce}"`));
  }
  const ns = upce[0]!;
  const d = upce.slice(1, 7);
  const check = upce[7]!;
  const last = d[5]!;
  let body: string;
  if (last <= '2') body = `${d.slice(0, 2)}${last}0000${d.slice(2, 5)}`;
  else if (last === '3') body = `${d.slice(0, 3)}00000${d.slice(3, 5)}`;
  else if (last === '4') body = `${d.slice(0, 4)}00000${d[4]!}`;
  else body = `${d.slice(0, 5)}0000${last}`;
  return ok(`${ns}${body}${check}`);
}

function verify(text: string, format: GtinFormat): Result<Gtin, BarcodeError> {
  const body = text.slice(0, -1);
  const check = text.charCodeAt(text.length - 1) - 48;
  const expected = gtinCheckDigit(body);
  if (check !== expected) {
    return err(
      barcodeError(
        'BAD_CHECK_DIGIT',
        `${format} "${text}": check digit ${check}, expected ${expected}`,
      ),
    );
  }
  return ok({ kind: 'gtin', format, text, gtin14: text.padStart(14, '0') });
}

/**
 * Parses a retail GTIN as scanned. `hint` is the symbology the scanner reported (AIM id), which
 * tells an EAN-13 from a UPC-A with a leading 0 and an EAN-8 from a UPC-E.
 */
export function parseGtin(
  input: string,
  hint?: 'ean13' | 'ean8' | 'upca' | 'upce',
): Result<Gtin, BarcodeError> {
  const text = input.trim();
  if (text === '') return err(barcodeError('EMPTY', 'no digits'));
  if (!DIGITS.test(text)) {
    return err(barcodeError('BAD_CHARACTERS', `a GTIN has only digits, got "${text}"`));
  }
  if (hint === 'upce') {
    const expanded = expandUpcE(text);
    if (!expanded.ok) return expanded;
    const r = verify(expanded.value, 'upca');
    if (!r.ok) return err(barcodeError(r.error.code, `UPC-E "${text}": ${r.error.message}`));
    return ok({ kind: 'gtin', format: 'upce', text, gtin14: r.value.gtin14 });
  }
  switch (text.length) {
    case 8:
      return verify(text, 'ean8');
    case 12:
      return verify(text, 'upca');
    case 13:
      return verify(text, hint === 'upca' && text.startsWith('0') ? 'upca' : 'ean13');
    case 14:
      return verify(text, 'gtin14');
    default:
      return err(
        barcodeError('BAD_LENGTH', `a GTIN has 8, 12, 13 or 14 digits, got ${text.length}`),
      );
  }
}
