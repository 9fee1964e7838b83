import {
  pointsEntriesForOrder,
  pointsEntrySchema,
  stockMovementSchema,
  stockMovementsForOrder,
  type Order,
} from '@mendian/protocol';
import type { JsonObject } from '../content.js';
import type { DerivedDoc } from './policy.js';

/**
 * What the center derives from an order (already validated with `orderSchema`), with ids fixed by the order so a retried push writes the
 * same documents again (a no-op) instead of second copies. The rule is the edge checkout's own
 * (protocol's `stockMovementsForOrder` and `pointsEntriesForOrder`, also used by the edge), so the
 * movement a store pushes and the one the center derives are one document:
 * - `stk:{orderId}:{lineId}`: a sale line leaves stock (−quantity); a returned line comes back
 *   (+quantity), and a damaged one is written off beside it (`…:wo`, −quantity, backroom).
 * - `pts:{orderId}:earn` (sale) or `:reverse` (return) for points earned; `:redeem` for points
 *   spent.
 * Line ids are ASCII-safe by the order schema, so every derived id is valid.
 */
export function deriveFromOrder(doc: JsonObject): DerivedDoc[] | { error: string } {
  // The push path validated the order with its zod schema already; parsing it a second time was
  // a third of the push's cost. This only guards against being called with something else.
  if (!Array.isArray(doc.lines) || typeof doc.id !== 'string' || typeof doc.kind !== 'string') {
    return { error: 'order does not match its schema' };
  }
  const order = doc as unknown as Order;
  const out: DerivedDoc[] = [
    ...stockMovementsForOrder(order).map((d) => ({
      collection: 'stockMovements' as const,
      doc: d,
    })),
    ...pointsEntriesForOrder(order).map((d) => ({
      collection: 'pointsEntries' as const,
      doc: d,
    })),
  ];
  for (const d of out) {
    const schema = d.collection === 'stockMovements' ? stockMovementSchema : pointsEntrySchema;
    const r = schema.safeParse(d.doc);
    if (!r.success) {
      return { error: `cannot derive ${d.collection} ${String(d.doc.id)}: ${r.error.message}` };
    }
  }
  return out;
}
