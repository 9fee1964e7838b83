import type { Order, StockMovement } from '@mendian/protocol';

/**
 * The stock movements an order implies, exactly as the sync server derives them
 * (sync-server/src/collections/derive.ts), so the edge and the center hold the same documents
 * under the same ids (`stk:{orderId}:{lineId}`): deriving twice, here or there, writes nothing new.
 * A sale line leaves stock; a returned line comes back only when restocked as sellable (damaged
 * returns move nothing sellable). A sale is never blocked by stock: this only records what left.
 */
export function movementsFromOrder(order: Order): StockMovement[] {
  const out: StockMovement[] = [];
  const isReturn = order.kind === 'return';
  for (const line of order.lines) {
    if (isReturn && line.restock !== 'sellable') continue;
    out.push({
      schemaVersion: 1,
      id: `stk:${order.id}:${line.lineId}`,
      storeId: order.storeId,
      productId: line.productId,
      sku: line.sku,
      kind: isReturn ? 'return' : 'sale',
      quantityDelta: isReturn ? line.quantity : -line.quantity,
      reason: null,
      sourceType: 'order',
      sourceId: order.id,
      location: 'any',
      staffId: order.cashierId,
      createdAt: order.createdAt,
    });
  }
  return out;
}
