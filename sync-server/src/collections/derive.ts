import { orderSchema, pointsEntrySchema, stockMovementSchema, type Order } from '@mendian/protocol';
import type { JsonObject } from '../content.js';
import type { DerivedDoc } from './policy.js';

/**
 * What the center derives from an order, with ids fixed by the order so a retried push writes the
 * same documents again (a no-op) instead of second copies. The stock rule is the edge's own
 * (edge-agent/src/stock/order-movements.ts; a test keeps the two equal), so a movement the store
 * pushes and the one the center derives are the same document:
 * - `stk:{orderId}:{lineId}`: a sale line leaves stock (−quantity); a returned line restocked as
 *   sellable comes back (+quantity); damaged returns move nothing sellable.
 * - `pts:{orderId}:earn` / `pts:{orderId}:redeem`: a member's points earned and spent. On a return
 *   both are reversed (earned points taken back, redeemed points given back).
 */
export function deriveFromOrder(doc: JsonObject): DerivedDoc[] | { error: string } {
  const parsed = orderSchema.safeParse(doc);
  if (!parsed.success) return { error: 'order does not match its schema' };
  const o: Order = parsed.data;
  const out: DerivedDoc[] = [];
  const isReturn = o.kind === 'return';
  for (const [index, line] of o.lines.entries()) {
    // lineId is free text in the order schema; derived ids must stay ASCII-safe.
    const lineKey = /^[A-Za-z0-9_.-]+$/.test(line.lineId) ? line.lineId : `L${index + 1}`;
    const id = `stk:${o.id}:${lineKey}`;
    const base = {
      schemaVersion: 1,
      storeId: o.storeId,
      productId: line.productId,
      sku: line.sku,
      sourceType: 'order',
      sourceId: o.id,
      location: 'any',
      staffId: o.cashierId,
      createdAt: o.createdAt,
    };
    const q = line.quantity;
    const movement = (extra: JsonObject): DerivedDoc => ({
      collection: 'stockMovements',
      doc: { ...base, ...extra },
    });
    if (!isReturn) {
      out.push(movement({ id, kind: 'sale', quantityDelta: -q, reason: null }));
    } else if (line.restock === 'sellable') {
      out.push(movement({ id, kind: 'return', quantityDelta: q, reason: null }));
    }
  }
  if (o.memberId !== null) {
    const entries: [string, number][] = [
      ['earn', isReturn ? -o.pointsEarned : o.pointsEarned],
      ['redeem', isReturn ? o.pointsRedeemed : -o.pointsRedeemed],
    ];
    for (const [what, delta] of entries) {
      if (delta === 0) continue;
      out.push({
        collection: 'pointsEntries',
        doc: {
          schemaVersion: 1,
          id: `pts:${o.id}:${what}`,
          memberId: o.memberId,
          storeId: o.storeId,
          kind: isReturn ? 'reverse' : what,
          delta,
          orderId: o.id,
          createdAt: o.createdAt,
        },
      });
    }
  }
  for (const d of out) {
    const schema = d.collection === 'stockMovements' ? stockMovementSchema : pointsEntrySchema;
    const r = schema.safeParse(d.doc);
    if (!r.success) {
      return { error: `cannot derive ${d.collection} ${String(d.doc.id)}: ${r.error.message}` };
    }
  }
  return out;
}
