import { fail, ok, safeParse, type Result, type StockMovement } from '@mendian/protocol';
import type { StockContext } from './context.js';
import type { StockFailureCode } from './errors.js';
import type { StockFactLog } from './fact-log.js';
import { adjustInput } from './inputs.js';
import type { ProductIndex } from './product-index.js';

interface Deps {
  ctx: StockContext;
  facts: StockFactLog;
  products: ProductIndex;
}

/**
 * A manager's adjustment (damaged, expired, theft, sampling, found, correction): one movement per
 * line, who and why on each. The adjustment id makes a resubmission a refused duplicate.
 */
export function adjustStock(
  deps: Deps,
  input: unknown,
): Result<{ adjustmentId: string; movements: number }, StockFailureCode> {
  const parsed = safeParse(adjustInput, input, 'stock adjustment');
  if (!parsed.ok) return fail('VALIDATION_FAILED', parsed.error.message, parsed.error.issues);
  const a = parsed.value;
  const { ctx, facts, products } = deps;
  const seen = new Set<string>();
  for (const l of a.lines) {
    const key = `${l.productId}:${l.reason}`;
    if (seen.has(key)) {
      return fail('VALIDATION_FAILED', `product ${l.productId} appears twice with ${l.reason}`);
    }
    seen.add(key);
  }
  const run = ctx.db.transaction(
    (): Result<{ adjustmentId: string; movements: number }, StockFailureCode> => {
      if (facts.bySourceDocument('manual', a.adjustmentId).length > 0) {
        return fail('DUPLICATE_RECEIPT', `adjustment ${a.adjustmentId} was already posted`);
      }
      const movements: StockMovement[] = [];
      for (const l of a.lines) {
        const p = products.get(l.productId);
        if (!p) return fail('UNKNOWN_PRODUCT', `product ${l.productId} is not in the catalog`);
        movements.push({
          schemaVersion: 1,
          id: `adj:${a.adjustmentId}:${l.productId}:${l.reason}`,
          storeId: ctx.storeId,
          productId: l.productId,
          sku: p.sku,
          kind: 'adjustment',
          quantityDelta: l.quantityDelta,
          reason: l.reason,
          sourceType: 'manual',
          sourceId: a.adjustmentId,
          location: 'any',
          staffId: a.staffId,
          ...(a.note === undefined ? {} : { note: a.note }),
          createdAt: ctx.now(),
        });
      }
      facts.append(facts.validate(movements));
      return ok({ adjustmentId: a.adjustmentId, movements: movements.length });
    },
  );
  return run();
}
