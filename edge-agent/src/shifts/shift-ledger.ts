import {
  fail,
  ok,
  parseOrThrow,
  shiftClosingSchema,
  ulid,
  type Order,
  type Result,
  type ShiftClosing,
  type TenderMethod,
} from '@mendian/protocol';

/** Chinese notes and coins in fen: ¥100 … ¥0.1. */
export const DENOMINATIONS = [10000, 5000, 2000, 1000, 500, 100, 50, 10] as const;

export interface ShiftState {
  id: string;
  storeId: string;
  laneCode: string;
  cashierId: string;
  openedAt: number;
  float: number;
  cashIn: number;
  cashOut: number;
  salesCount: number;
  salesTotal: number;
  returnsCount: number;
  returnsTotal: number;
  /** Net taken per method: sales minus refunds. */
  byMethod: Partial<Record<TenderMethod, number>>;
  movements: { kind: 'in' | 'out'; amount: number; reason: string; by: string; at: number }[];
}

export interface XReport extends ShiftState {
  expectedCash: number;
  at: number;
}

export function openShift(
  storeId: string,
  laneCode: string,
  cashierId: string,
  float: number,
  at: number,
): Result<ShiftState, 'BAD_AMOUNT'> {
  if (!Number.isSafeInteger(float) || float < 0)
    return fail('BAD_AMOUNT', '备用金必须是非负整数分 / float must be non-negative fen');
  return ok({
    id: ulid(at),
    storeId,
    laneCode,
    cashierId,
    openedAt: at,
    float,
    cashIn: 0,
    cashOut: 0,
    salesCount: 0,
    salesTotal: 0,
    returnsCount: 0,
    returnsTotal: 0,
    byMethod: {},
    movements: [],
  });
}

/** Adds a committed order (sale or return) to the shift's totals. */
export function recordOrder(s: ShiftState, order: Order): ShiftState {
  const sign = order.kind === 'sale' ? 1 : -1;
  const byMethod = { ...s.byMethod };
  for (const p of order.payments) byMethod[p.method] = (byMethod[p.method] ?? 0) + sign * p.amount;
  return order.kind === 'sale'
    ? { ...s, byMethod, salesCount: s.salesCount + 1, salesTotal: s.salesTotal + order.total }
    : {
        ...s,
        byMethod,
        returnsCount: s.returnsCount + 1,
        returnsTotal: s.returnsTotal + order.total,
      };
}

export function cashMovement(
  s: ShiftState,
  kind: 'in' | 'out',
  amount: number,
  reason: string,
  by: string,
  at: number,
): Result<ShiftState, 'BAD_AMOUNT'> {
  if (!Number.isSafeInteger(amount) || amount <= 0)
    return fail('BAD_AMOUNT', '金额必须是正整数分 / amount must be positive fen');
  if (kind === 'out' && amount > expectedCash(s)) {
    return fail('BAD_AMOUNT', '取出金额超过钱箱现金 / more than the drawer holds');
  }
  const movements = [...s.movements, { kind, amount, reason, by, at }];
  return ok(
    kind === 'in'
      ? { ...s, cashIn: s.cashIn + amount, movements }
      : { ...s, cashOut: s.cashOut + amount, movements },
  );
}

/** Float + cash sales − cash refunds + cash in − cash out. */
export function expectedCash(s: ShiftState): number {
  return s.float + (s.byMethod.cash ?? 0) + s.cashIn - s.cashOut;
}

export function xReport(s: ShiftState, at: number): XReport {
  return { ...s, expectedCash: expectedCash(s), at };
}

export function countDenominations(counts: Record<string, number>): Result<number, 'BAD_COUNT'> {
  let total = 0;
  for (const [denom, n] of Object.entries(counts)) {
    if (!DENOMINATIONS.includes(Number(denom) as (typeof DENOMINATIONS)[number])) {
      return fail('BAD_COUNT', `未知面额 ${denom} / unknown denomination ${denom}`);
    }
    if (!Number.isInteger(n) || n < 0)
      return fail('BAD_COUNT', `面额 ${denom} 的数量无效 / bad count for ${denom}`);
    total += Number(denom) * n;
  }
  return ok(total);
}

/** Closes the shift with the cash counted by denomination; dayClose makes it the Z report. */
export function closeShift(
  s: ShiftState,
  counts: Record<string, number>,
  closedBy: string,
  dayClose: boolean,
  at: number,
): Result<ShiftClosing, 'BAD_COUNT'> {
  const counted = countDenominations(counts);
  if (!counted.ok) return counted;
  const expected = expectedCash(s);
  return ok(
    parseOrThrow(
      shiftClosingSchema,
      {
        schemaVersion: 1,
        id: ulid(at),
        storeId: s.storeId,
        laneCode: s.laneCode,
        shiftId: s.id,
        cashierId: s.cashierId,
        openedAt: s.openedAt,
        closedAt: at,
        float: s.float,
        cashIn: s.cashIn,
        cashOut: s.cashOut,
        expectedCash: expected,
        countedCash: counted.value,
        denominations: counts,
        overShort: counted.value - expected,
        salesCount: s.salesCount,
        salesTotal: s.salesTotal,
        returnsCount: s.returnsCount,
        returnsTotal: s.returnsTotal,
        byMethod: s.byMethod,
        dayClose,
        closedBy,
      },
      'shift closing',
    ),
  );
}

export interface ZReport {
  storeId: string;
  shifts: number;
  salesCount: number;
  salesTotal: number;
  returnsCount: number;
  returnsTotal: number;
  net: number;
  byMethod: Partial<Record<TenderMethod, number>>;
  overShort: number;
  from: number;
  to: number;
}

/** The day's Z report: every shift closed since the previous day close. */
export function zReport(storeId: string, closings: readonly ShiftClosing[]): ZReport {
  const byMethod: Partial<Record<TenderMethod, number>> = {};
  for (const c of closings) {
    for (const [m, v] of Object.entries(c.byMethod) as [TenderMethod, number][])
      byMethod[m] = (byMethod[m] ?? 0) + v;
  }
  const sum = (f: (c: ShiftClosing) => number) => closings.reduce((s, c) => s + f(c), 0);
  return {
    storeId,
    shifts: closings.length,
    salesCount: sum((c) => c.salesCount),
    salesTotal: sum((c) => c.salesTotal),
    returnsCount: sum((c) => c.returnsCount),
    returnsTotal: sum((c) => c.returnsTotal),
    net: sum((c) => c.salesTotal - c.returnsTotal),
    byMethod,
    overShort: sum((c) => c.overShort),
    from: Math.min(...closings.map((c) => c.openedAt)),
    to: Math.max(...closings.map((c) => c.closedAt)),
  };
}
