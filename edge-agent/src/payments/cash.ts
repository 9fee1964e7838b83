import { fail, ok, roundCash, type CashRoundingUnit, type Result } from '@mendian/protocol';

export interface CashTender {
  /** What the cash pays of the order (after rounding). */
  amount: number;
  tendered: number;
  change: number;
  /** Adjustment to the order total (≤ 0): 抹零 of the remaining amount. */
  rounding: number;
}

/**
 * Cash for the remaining amount. With 抹零 the remaining amount is rounded down to the jiao or the
 * yuan first, and only when the cash settles the whole remainder (a partial cash payment in a
 * split tender is never rounded).
 */
export function cashTender(
  remaining: number,
  tendered: number,
  unit: CashRoundingUnit,
): Result<CashTender, 'BAD_AMOUNT'> {
  if (!Number.isSafeInteger(tendered) || tendered <= 0) {
    return fail('BAD_AMOUNT', '收款金额必须是正整数分 / tendered cash must be positive fen');
  }
  const rounded = roundCash(remaining, unit);
  if (tendered >= rounded.amount) {
    return ok({
      amount: rounded.amount,
      tendered,
      change: tendered - rounded.amount,
      rounding: rounded.adjustment,
    });
  }
  return ok({ amount: tendered, tendered, change: 0, rounding: 0 });
}
