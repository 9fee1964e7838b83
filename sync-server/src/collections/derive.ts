import { pointsEntrySchema, stockMovementSchema, type Order } from '@mendian/protocol';
import type { JsonObject } from '../content.js';
import type { DerivedDoc } from './policy.js';

/**
 * What the center derives from an order (already validated with `orderSchema`), with ids fixed by the order so a retried push writes the
 * same documents again (a no-op) instead of second copies. The rule is the edge checkout's own
 * (edge-agent/src/checkout/derived-facts.ts; test/derive.test.ts keeps the two equal), so the
 * movement a store pushes and the one the center derives are one document:
 * - `stk:{orderId}:{lineId}`: a sale line leaves stock (−quantity); a returned line comes back
 *   (+quantity), and a damaged one is written off beside it (`…:wo`, −quantity, backroom).
 * - `pts:{orderId}:earn` (sale) or `:reverse` (return) for points earned; `:redeem` for points
 *   spent.
 * A line id that is not ASCII-safe gets `L{n}` in derived ids, so an odd line id never makes the
 * center refuse a sale over a bookkeeping id.
 */
export function deriveFromOrder(doc: JsonObject): DerivedDoc[] | { error: string } {
  // The push path validated the order with its zod schema already; parsing it a second time was
  // a third of the push's cost. This only guards against being called with something else.
  if (!Array.isArray(doc.lines) || typeof doc.id !== 'string' || typeof doc.kind !== 'string') {
    return { error: 'order does not match its schema' };
  }
  const o = doc as unknown as Order;
  const out: DerivedDoc[] = [];
  for (const [index, line] of o.lines.entries()) {
    const lineKey = /^[A-Za-z0-9_.-]+$/.test(line.lineId) ? line.lineId : `L${index + 1}`;
    const id = `stk:${o.id}:${lineKey}`;
    const base = {
      schemaVersion: 1,
      storeId: o.storeId,
      productId: line.productId,
      sku: line.sku,
      sourceType: 'order',
      sourceId: o.id,
      staffId: o.cashierId,
      createdAt: o.createdAt,
    };
    const q = line.quantity;
    const movement = (extra: JsonObject): DerivedDoc => ({
      collection: 'stockMovements',
      doc: { ...base, ...extra },
    });
    if (o.kind === 'sale') {
      out.push(movement({ id, kind: 'sale', quantityDelta: -q, reason: null, location: 'any' }));
      continue;
    }
    const damaged = line.restock === 'damaged';
    out.push(
      movement({
        id,
        kind: 'return',
        quantityDelta: q,
        reason: damaged ? 'damaged' : null,
        location: damaged ? 'backroom' : 'any',
      }),
    );
    if (damaged) {
      out.push(
        movement({
          id: `${id}:wo`,
          kind: 'adjustment',
          quantityDelta: -q,
          reason: 'damaged',
          location: 'backroom',
        }),
      );
    }
  }
  if (o.memberId !== null) {
    const points = (what: string, kind: string, delta: number): DerivedDoc => ({
      collection: 'pointsEntries',
      doc: {
        schemaVersion: 1,
        id: `pts:${o.id}:${what}`,
        memberId: o.memberId,
        storeId: o.storeId,
        orderId: o.id,
        createdAt: o.createdAt,
        kind,
        delta,
      },
    });
    if (o.pointsEarned > 0) {
      out.push(
        o.kind === 'sale'
          ? points('earn', 'earn', o.pointsEarned)
          : points('reverse', 'reverse', -o.pointsEarned),
      );
    }
    if (o.pointsRedeemed > 0) out.push(points('redeem', 'redeem', -o.pointsRedeemed));
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
