import { describe, expect, test } from 'vitest';
import { shiftClosingSchema, ulid, type Order } from '@mendian/protocol';
import {
  cashMovement,
  closeShift,
  openShift,
  recordOrder,
  xReport,
  zReport,
  type ShiftState,
} from '../../src/shifts/shift-ledger.js';

const store = ulid();
const cashier = ulid();

function v<T>(r: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

function order(kind: 'sale' | 'return', payments: [string, number][]): Order {
  const total = payments.reduce((s, [, a]) => s + a, 0);
  return {
    kind,
    total,
    payments: payments.map(([method, amount]) => ({ method, amount })),
  } as unknown as Order;
}

describe('shift ledger', () => {
  test('open, sales, refund, cash in/out, X report, close with over/short', () => {
    let s: ShiftState = v(openShift(store, '01', cashier, 50000, 1000));
    s = recordOrder(s, order('sale', [['cash', 2630]]));
    s = recordOrder(
      s,
      order('sale', [
        ['wechat', 1000],
        ['cash', 500],
      ]),
    );
    s = recordOrder(s, order('return', [['cash', 630]]));
    s = v(cashMovement(s, 'in', 10000, '找零补充', cashier, 2000));
    s = v(cashMovement(s, 'out', 20000, '上缴', cashier, 3000));
    const x = xReport(s, 4000);
    expect(x.expectedCash).toBe(50000 + 2630 + 500 - 630 + 10000 - 20000);
    expect(x).toMatchObject({
      salesCount: 2,
      salesTotal: 4130,
      returnsCount: 1,
      returnsTotal: 630,
      byMethod: { cash: 2500, wechat: 1000 },
    });
    // counted: 4×¥100 + ¥20 + ¥5 + ¥0.5 = 42550 fen; expected 42500 → over by 50
    const closing = v(
      closeShift(s, { '10000': 4, '2000': 1, '500': 1, '50': 1 }, cashier, false, 5000),
    );
    expect(shiftClosingSchema.safeParse(closing).success).toBe(true);
    expect(closing).toMatchObject({ expectedCash: 42500, countedCash: 42550, overShort: 50 });
  });

  test('cash out beyond the drawer and unknown denominations are refused', () => {
    const s = v(openShift(store, '01', cashier, 1000, 0));
    expect(cashMovement(s, 'out', 1001, 'x', cashier, 1)).toMatchObject({
      ok: false,
      code: 'BAD_AMOUNT',
    });
    expect(closeShift(s, { '300': 1 }, cashier, false, 1)).toMatchObject({
      ok: false,
      code: 'BAD_COUNT',
    });
    expect(closeShift(s, { '100': -1 }, cashier, false, 1)).toMatchObject({
      ok: false,
      code: 'BAD_COUNT',
    });
  });

  test('Z report sums the day’s shifts', () => {
    const a = v(
      closeShift(
        recordOrder(v(openShift(store, '01', cashier, 0, 0)), order('sale', [['cash', 1000]])),
        { '1000': 1 },
        cashier,
        false,
        10,
      ),
    );
    const b = v(
      closeShift(
        recordOrder(v(openShift(store, '02', cashier, 0, 5)), order('sale', [['card', 700]])),
        {},
        cashier,
        true,
        20,
      ),
    );
    expect(zReport(store, [a, b])).toMatchObject({
      shifts: 2,
      salesTotal: 1700,
      net: 1700,
      byMethod: { cash: 1000, card: 700 },
      overShort: 0,
      from: 0,
      to: 20,
    });
  });
});
