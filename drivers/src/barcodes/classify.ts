import { isReceiptNumber, parseReceiptNumber, type ReceiptNumberParts } from '@mendian/protocol';
import type { Symbology } from '@mendian/protocol';
import { err, ok, type Result } from '../errors.js';
import { splitAim } from './aim.js';
import { barcodeError, type BarcodeError } from './barcode-error.js';
import { looksLikeGs1, parseGs1, type Gs1Result } from './gs1.js';
import { parseGtin, type Gtin } from './gtin.js';
import { parseMemberCode, type MemberCode } from './member-code.js';
import {
  DEFAULT_PAYMENT_RULES,
  parsePaymentCode,
  type PaymentCode,
  type PaymentRule,
} from './payment-code.js';
import {
  DEFAULT_SCALE_LAYOUTS,
  parseScaleCode,
  type ScaleCode,
  type ScaleLayout,
} from './scale-code.js';

/** What the lane is waiting for; decides between look-alike codes (18-digit scale vs Alipay). */
export type LaneState = 'item' | 'payment';

export interface ReceiptCode extends ReceiptNumberParts {
  kind: 'receipt';
  receiptNumber: string;
}
export interface TextCode {
  kind: 'text';
  text: string;
}
export type ParsedCode =
  Gtin | Gs1Result | ScaleCode | PaymentCode | MemberCode | ReceiptCode | TextCode;

export interface ClassifyOptions {
  laneState: LaneState;
  scaleLayouts?: readonly ScaleLayout[];
  paymentRules?: readonly PaymentRule[];
}

export interface Classified {
  symbology: Symbology;
  aimId?: string;
  data: string;
  parsed: ParsedCode;
}

type Attempt = (data: string, symbology: Symbology) => Result<ParsedCode, BarcodeError>;

/**
 * Classifies one scanned text. Order matters only for look-alikes: in 'payment' state a digit
 * string is a payment code first; in 'item' state a scale label or GTIN comes first. A code no
 * parser accepts is returned as `text` only when it is not a malformed member of a known family
 * (a bad check digit on a 13-digit EAN is an error, not free text).
 */
export function classifyCode(
  input: string,
  options: ClassifyOptions,
): Result<Classified, BarcodeError> {
  if (input.length === 0) return err(barcodeError('EMPTY', 'empty scan'));
  const { aimId, symbology, data } = splitAim(input);
  if (data.length === 0) return err(barcodeError('EMPTY', 'AIM id without data'));
  const layouts = options.scaleLayouts ?? DEFAULT_SCALE_LAYOUTS;
  const rules = options.paymentRules ?? DEFAULT_PAYMENT_RULES;

  const scale: Attempt = (d) => parseScaleCode(d, layouts);
  const payment: Attempt = (d) => parsePaymentCode(d, rules);
  const gtin: Attempt = (d, s) =>
    parseGtin(d, s === 'ean13' || s === 'ean8' || s === 'upca' || s === 'upce' ? s : undefined);

  const done = (parsed: ParsedCode): Result<Classified, BarcodeError> =>
    ok(aimId === undefined ? { symbology, data, parsed } : { symbology, aimId, data, parsed });

  if (data.startsWith('MDM1:')) {
    const m = parseMemberCode(data);
    return m.ok ? done(m.value) : m;
  }
  if (isReceiptNumber(data)) {
    return done({ kind: 'receipt', receiptNumber: data, ...parseReceiptNumber(data) });
  }
  if (
    symbology === 'gs1-128' ||
    symbology === 'gs1-databar' ||
    symbology === 'gs1-datamatrix' ||
    looksLikeGs1(data)
  ) {
    const g = parseGs1(aimId !== undefined ? input : data);
    return g.ok ? done(g.value) : g;
  }
  if (/^\d+$/.test(data)) {
    const order: Attempt[] =
      options.laneState === 'payment' ? [payment, scale, gtin] : [scale, gtin, payment];
    let firstFamilyError: BarcodeError | undefined;
    for (const attempt of order) {
      const r = attempt(data, symbology);
      if (r.ok) return done(r.value);
      // A code that belongs to a family (right length/prefix) but fails its check is an error.
      if (r.error.code === 'BAD_CHECK_DIGIT' && firstFamilyError === undefined)
        firstFamilyError = r.error;
    }
    if (firstFamilyError) return err(firstFamilyError);
  }
  return done({ kind: 'text', text: data });
}
