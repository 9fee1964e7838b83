import { isReceiptNumber } from '@mendian/protocol';

/**
 * What the text in the scan field means when the cashier presses Enter (or a scanner finishes a
 * burst). Scans are codes; typed text is a quantity prefix ("3*" then scan), a barcode keyed by
 * hand (digits only, as printed under the bars), or a search by name, pinyin initials or SKU.
 */
export type Entry =
  | { kind: 'code'; code: string; source: 'scan' | 'typed' }
  | { kind: 'receipt'; receiptNo: string }
  | { kind: 'quantity'; quantity: number }
  | { kind: 'search'; query: string }
  | { kind: 'empty' };

/** The longest barcode a person would key in; longer digit strings are searched as SKUs. */
const MIN_TYPED_BARCODE = 8;
const MAX_TYPED_BARCODE = 18;
const MAX_QUANTITY = 9999;

export function interpretEntry(raw: string, source: 'scan' | 'typed'): Entry {
  const text = raw.trim();
  if (text === '') return { kind: 'empty' };
  if (isReceiptNumber(text.toUpperCase()))
    return { kind: 'receipt', receiptNo: text.toUpperCase() };
  if (source === 'scan') return { kind: 'code', code: text, source };
  const qty = /^(\d{1,4})[*xX×]$/.exec(text);
  if (qty) {
    const quantity = Number(qty[1]);
    if (quantity >= 1 && quantity <= MAX_QUANTITY) return { kind: 'quantity', quantity };
  }
  if (/^\d+$/.test(text) && text.length >= MIN_TYPED_BARCODE && text.length <= MAX_TYPED_BARCODE) {
    return { kind: 'code', code: text, source };
  }
  return { kind: 'search', query: text };
}

/** A mainland mobile number as typed for member look-up: 11 digits starting with 1. */
export function isMobileNumber(text: string): boolean {
  return /^1[3-9]\d{9}$/.test(text.trim());
}
