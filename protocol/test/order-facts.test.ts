import { describe, expect, it } from 'vitest';
import {
  pointsEntriesForOrder,
  pointsEntrySchema,
  stockMovementSchema,
  stockMovementsForOrder,
  ulid,
} from '@mendian/protocol';
import { sampleOrder } from './fixtures.js';

describe('facts derived from an order', () => {
  it('takes sold goods out of stock, one movement per line with ids fixed by the order', () => {
    const o = sampleOrder();
    const m = stockMovementsForOrder(o);
    expect(m.map((x) => [x.id, x.kind, x.quantityDelta])).toEqual([
      [`stk:${o.id}:1`, 'sale', -2],
      [`stk:${o.id}:2`, 'sale', -537],
    ]);
    for (const x of m) expect(stockMovementSchema.parse(x)).toEqual(x);
    expect(stockMovementsForOrder(o)).toEqual(m); // deriving twice gives the same documents
  });

  it('brings returns back, and writes damaged goods off beside them', () => {
    const sale = sampleOrder();
    const ret = sampleOrder({ kind: 'return', returnOf: sale.id });
    ret.lines[0]!.restock = 'sellable';
    ret.lines[1]!.restock = 'damaged';
    const m = stockMovementsForOrder(ret);
    expect(m.map((x) => [x.id, x.kind, x.quantityDelta, x.reason, x.location])).toEqual([
      [`stk:${ret.id}:1`, 'return', 2, null, 'any'],
      [`stk:${ret.id}:2`, 'return', 537, 'damaged', 'backroom'],
      [`stk:${ret.id}:2:wo`, 'adjustment', -537, 'damaged', 'backroom'],
    ]);
  });

  it('earns, reverses and redeems points only with a member', () => {
    expect(pointsEntriesForOrder(sampleOrder())).toEqual([]);
    const memberId = ulid();
    const sale = sampleOrder({ memberId, pointsEarned: 9, pointsRedeemed: 100 });
    const p = pointsEntriesForOrder(sale);
    expect(p.map((x) => [x.id, x.kind, x.delta])).toEqual([
      [`pts:${sale.id}:earn`, 'earn', 9],
      [`pts:${sale.id}:redeem`, 'redeem', -100],
    ]);
    for (const x of p) expect(pointsEntrySchema.parse(x)).toEqual(x);
    const ret = sampleOrder({ kind: 'return', returnOf: sale.id, memberId, pointsEarned: 9 });
    expect(pointsEntriesForOrder(ret).map((x) => [x.kind, x.delta])).toEqual([['reverse', -9]]);
  });
});
