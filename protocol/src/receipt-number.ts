/**
 * Receipt numbers: `{store}-{lane}-{sequence}`, e.g. `SH001-03-00012345`.
 *
 * The store code is unique in the chain (HQ assigns it), the lane code is unique in the store, and
 * the sequence is kept by the lane itself and only ever increases. So two lanes never produce the
 * same number even when every lane of every store is offline, and no number needs a server.
 * The text is upper-case ASCII letters, digits and '-', so it prints as a Code 128 barcode and
 * scans back unchanged for returns.
 */

export const STORE_CODE_RE = /^[A-Z0-9]{2,8}$/;
export const LANE_CODE_RE = /^[A-Z0-9]{1,4}$/;
const SEQUENCE_DIGITS = 8;
const RECEIPT_RE = /^([A-Z0-9]{2,8})-([A-Z0-9]{1,4})-(\d{8,15})$/;

export interface ReceiptNumberParts {
  storeCode: string;
  laneCode: string;
  sequence: number;
}

export class ReceiptNumberError extends Error {
  readonly code = 'RECEIPT_NUMBER_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ReceiptNumberError';
  }
}

export function formatReceiptNumber(parts: ReceiptNumberParts): string {
  const { storeCode, laneCode, sequence } = parts;
  if (!STORE_CODE_RE.test(storeCode)) {
    throw new ReceiptNumberError(`store code "${storeCode}" must be 2-8 of A-Z and 0-9`);
  }
  if (!LANE_CODE_RE.test(laneCode)) {
    throw new ReceiptNumberError(`lane code "${laneCode}" must be 1-4 of A-Z and 0-9`);
  }
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new ReceiptNumberError(`sequence must be a positive integer, got ${sequence}`);
  }
  return `${storeCode}-${laneCode}-${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}

/** Parses a receipt number (as printed or as scanned from its barcode). */
export function parseReceiptNumber(text: string): ReceiptNumberParts {
  const m = RECEIPT_RE.exec(text.trim().toUpperCase());
  if (!m) {
    throw new ReceiptNumberError(
      `"${text}" is not a receipt number (expected STORE-LANE-SEQUENCE, e.g. SH001-03-00012345)`,
    );
  }
  const sequence = Number(m[3]);
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new ReceiptNumberError(`receipt sequence in "${text}" is out of range`);
  }
  return { storeCode: m[1]!, laneCode: m[2]!, sequence };
}

export function isReceiptNumber(text: string): boolean {
  return RECEIPT_RE.test(text);
}
