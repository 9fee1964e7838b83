import type { Order } from './schemas/orders.js';
import type { PointsEntry, StockMovement } from './schemas/facts.js';

/**
 * The facts an order implies, with ids fixed by the order: the edge checkout, the edge stock
 * projection and the center all call these, so a fact derived twice (after a crash, or at the
 * edge and again at HQ) is one document with one content, never a second copy or a second version.
 *
 * Stock: `stk:{orderId}:{lineId}` — a sale line leaves stock (−quantity); a returned line comes
 * back (+quantity); a line returned as damaged also gets a write-off `stk:{orderId}:{lineId}:wo`
 * (−quantity, backroom), so sellable stock is unchanged and the history still shows the goods.
 * Points: `pts:{orderId}:earn` on a sale or `:reverse` on a return for points earned, and
 * `:redeem` for points spent.
 */
export function stockMovementsForOrder(order: Order): StockMovement[] {
  const out: StockMovement[] = [];
  for (const l of order.lines) {
    const base = {
      schemaVersion: 1 as const,
      storeId: order.storeId,
      productId: l.productId,
      sku: l.sku,
      sourceType: 'order' as const,
      sourceId: order.id,
      staffId: order.cashierId,
      createdAt: order.createdAt,
    };
    const id = `stk:${order.id}:${l.lineId}`;
    if (order.kind === 'sale') {
      out.push({
        ...base,
        id,
        kind: 'sale',
        quantityDelta: -l.quantity,
        reason: null,
        location: 'any',
      });
      continue;
    }
    const damaged = l.restock === 'damaged';
    out.push({
      ...base,
      id,
      kind: 'return',
      quantityDelta: l.quantity,
      reason: damaged ? 'damaged' : null,
      location: damaged ? 'backroom' : 'any',
    });
    if (damaged) {
      out.push({
        ...base,
        id: `${id}:wo`,
        kind: 'adjustment',
        quantityDelta: -l.quantity,
        reason: 'damaged',
        location: 'backroom',
      });
    }
  }
  return out;
}

export function pointsEntriesForOrder(order: Order): PointsEntry[] {
  if (order.memberId === null) return [];
  const out: PointsEntry[] = [];
  const base = {
    schemaVersion: 1 as const,
    memberId: order.memberId,
    storeId: order.storeId,
    orderId: order.id,
    createdAt: order.createdAt,
  };
  if (order.pointsEarned > 0) {
    const sale = order.kind === 'sale';
    out.push({
      ...base,
      id: `pts:${order.id}:${sale ? 'earn' : 'reverse'}`,
      kind: sale ? 'earn' : 'reverse',
      delta: sale ? order.pointsEarned : -order.pointsEarned,
    });
  }
  if (order.pointsRedeemed > 0) {
    out.push({
      ...base,
      id: `pts:${order.id}:redeem`,
      kind: 'redeem',
      delta: -order.pointsRedeemed,
    });
  }
  return out;
}
