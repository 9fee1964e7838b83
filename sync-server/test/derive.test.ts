import { describe, expect, it } from 'vitest';
import { orderSchema, ulid } from '@mendian/protocol';
import { pointsEntriesFor, stockMovementsFor } from '@mendian/edge-agent/checkout/derived-facts';
import { deriveFromOrder } from '../src/collections/derive.js';
import { makeOrder } from './support/fixtures.js';

/** The center and the edge checkout must derive identical documents, or one fact has two versions. */
describe('derived documents of an order', () => {
  const storeId = ulid();
  const cases = {
    sale: makeOrder(storeId, 'SHA', {
      lines: [
        { productId: ulid(), sku: 'A', quantity: 2, unitPrice: 100 },
        { productId: ulid(), sku: 'B', quantity: 1, unitPrice: 250 },
      ],
    }),
    sellableReturn: makeOrder(storeId, 'SHA', { kind: 'return', returnOf: ulid() }),
    damagedReturn: makeOrder(storeId, 'SHA', {
      kind: 'return',
      returnOf: ulid(),
      restock: 'damaged',
    }),
    memberSale: makeOrder(storeId, 'SHA', {
      memberId: ulid(),
      pointsEarned: 30,
      pointsRedeemed: 8,
    }),
    memberReturn: makeOrder(storeId, 'SHA', {
      kind: 'return',
      returnOf: ulid(),
      memberId: ulid(),
      pointsEarned: 30,
      pointsRedeemed: 8,
    }),
  };
  for (const [name, order] of Object.entries(cases)) {
    it(`derives the same stock movements and points as the edge checkout for a ${name}`, () => {
      const derived = deriveFromOrder(order);
      if ('error' in derived) throw new Error(derived.error);
      const stock = derived.filter((d) => d.collection === 'stockMovements').map((d) => d.doc);
      expect(stock).toEqual(stockMovementsFor(order));
      const points = derived.filter((d) => d.collection === 'pointsEntries').map((d) => d.doc);
      expect(points).toEqual(pointsEntriesFor(order));
    });
  }

  it('never meets a line id that would make a derived id invalid: the order schema refuses it', () => {
    const odd = makeOrder(storeId, 'SHA');
    odd.lines[0]!.lineId = '行 1';
    const r = orderSchema.safeParse(odd);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['lines', 0, 'lineId']);
  });

  it('derives points entries with ids fixed by the order, reversed on a return', () => {
    const memberId = ulid();
    const sale = makeOrder(storeId, 'SHA', { memberId, pointsEarned: 12, pointsRedeemed: 4 });
    const ret = makeOrder(storeId, 'SHA', {
      kind: 'return',
      returnOf: sale.id,
      memberId,
      pointsEarned: 12,
    });
    const pts = (o: typeof sale) => {
      const d = deriveFromOrder(o);
      if ('error' in d) throw new Error(d.error);
      return d.filter((x) => x.collection === 'pointsEntries').map((x) => [x.doc.id, x.doc.delta]);
    };
    expect(pts(sale)).toEqual([
      [`pts:${sale.id}:earn`, 12],
      [`pts:${sale.id}:redeem`, -4],
    ]);
    expect(pts(ret)).toEqual([[`pts:${ret.id}:reverse`, -12]]);
    expect(deriveFromOrder({ id: 'x' })).toEqual({ error: 'order does not match its schema' });
  });
});
