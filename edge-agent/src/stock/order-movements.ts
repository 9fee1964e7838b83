import type { Order, StockMovement } from '@mendian/protocol';

/**
 * The stock movements an order implies. Ids are derived (`stk:{orderId}:{lineId}`), so deriving
 * the same order twice (a retry, a crash between commit and derivation) writes nothing new.
 * A sale is never blocked by stock: this only records what left the store.
 * A return of damaged goods records the return and, beside it, a damaged write-off, so the audit
 * trail shows both and the sellable level does not rise.
 */
export function movementsFromOrder(order: Order): StockMovement[] {
  const out: StockMovement[] = [];
  for (const [index, line] of order.lines.entries()) {
    const base = {
      schemaVersion: 1 as const,
      storeId: order.storeId,
      productId: line.productId,
      sku: line.sku,
      sourceType: 'order' as const,
      sourceId: order.id,
      location: 'any' as const,
      staffId: order.cashierId,
      createdAt: order.createdAt,
    };
    // lineId is free text in the order schema; derived ids must stay ASCII-safe.
    const lineKey = /^[A-Za-z0-9_.-]+$/.test(line.lineId) ? line.lineId : `L${index + 1}`;
    const id = `stk:${order.id}:${lineKey}`;
    if (order.kind === 'sale') {
      out.push({ ...base, id, kind: 'sale', quantityDelta: -line.quantity, reason: null });
      continue;
    }
    out.push({ ...base, id, kind: 'return', quantityDelta: line.quantity, reason: null });
    if (line.restock === 'damaged') {
      out.push({
        ...base,
        id: `${id}:dmg`,
        kind: 'adjustment',
        quantityDelta: -line.quantity,
        reason: 'damaged',
      });
    }
  }
  return out;
}
