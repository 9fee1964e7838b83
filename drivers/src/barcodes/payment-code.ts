import { z } from 'zod';
import { err, ok, type Result } from '../errors.js';
import { barcodeError, type BarcodeError } from './barcode-error.js';

/**
 * Customer-presented payment codes (付款码). The providers publish length and leading digits;
 * they have changed them before (Alipay widened 25-30 and 16-24 digits), so rules are data.
 */
export const paymentRuleSchema = z.object({
  provider: z.enum(['wechat', 'alipay', 'unionpay', 'other']),
  minLength: z.number().int().min(8).max(32),
  maxLength: z.number().int().min(8).max(32),
  /** Leading digits; any of them matches. */
  prefixes: z.array(z.string().regex(/^\d{1,4}$/)).min(1),
});
export type PaymentRule = z.infer<typeof paymentRuleSchema>;

const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

export const DEFAULT_PAYMENT_RULES: readonly PaymentRule[] = [
  { provider: 'wechat', minLength: 18, maxLength: 18, prefixes: range(10, 15) },
  { provider: 'alipay', minLength: 16, maxLength: 24, prefixes: range(25, 30) },
  { provider: 'unionpay', minLength: 19, maxLength: 19, prefixes: ['62'] },
];

export interface PaymentCode {
  kind: 'paymentCode';
  provider: PaymentRule['provider'];
  code: string;
}

export function parsePaymentCode(
  input: string,
  rules: readonly PaymentRule[] = DEFAULT_PAYMENT_RULES,
): Result<PaymentCode, BarcodeError> {
  const text = input.trim();
  if (text === '') return err(barcodeError('EMPTY', 'no digits'));
  if (!/^\d+$/.test(text)) {
    return err(barcodeError('BAD_CHARACTERS', 'payment codes are digits only'));
  }
  const rule = rules.find(
    (r) =>
      text.length >= r.minLength &&
      text.length <= r.maxLength &&
      r.prefixes.some((p) => text.startsWith(p)),
  );
  if (!rule) {
    return err(
      barcodeError(
        'NO_RULE',
        `no payment rule matches ${text.length} digits "${text.slice(0, 2)}…"`,
      ),
    );
  }
  return ok({ kind: 'paymentCode', provider: rule.provider, code: text });
}

/** Masks a payment code for logs and events: only the provider prefix and last 4 digits. */
export function maskPaymentCode(code: string): string {
  return code.length <= 6
    ? '*'.repeat(code.length)
    : `${code.slice(0, 2)}${'*'.repeat(code.length - 6)}${code.slice(-4)}`;
}
