import type { Order, PointsEntry, StockMovement } from '@mendian/protocol';

/**
 * Facts derived from a committed order, with deterministic ids, so deriving twice (after a crash,
 * or at the edge and again at HQ) writes the same documents instead of second copies.
 * A return restocked as damaged comes back (+) and is written off (−) at once, so sellable stock
 * is unchanged and the history still shows the goods.
 */
export function stockMovementsFor(order: Order): StockMovement[] {
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
    if (order.kind === 'sale') {
      out.push({
        ...base,
        id: `stk:${order.id}:${l.lineId}`,
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
      id: `stk:${order.id}:${l.lineId}`,
      kind: 'return',
      quantityDelta: l.quantity,
      reason: damaged ? 'damaged' : null,
      location: damaged ? 'backroom' : 'any',
    });
    if (damaged) {
      out.push({
        ...base,
        id: `stk:${order.id}:${l.lineId}:wo`,
        kind: 'adjustment',
        quantityDelta: -l.quantity,
        reason: 'damaged',
        location: 'backroom',
      });
    }
  }
  return out;
}

/** Points earned (or reversed on a return) and redeemed by the order's member. */
export function pointsEntriesFor(order: Order): PointsEntry[] {
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
