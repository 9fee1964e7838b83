import {
  fail,
  ok,
  safeParse,
  stockDocumentSchema,
  type Result,
  type StockDocument,
  type StockMovement,
} from '@mendian/protocol';
import type { StockContext } from './context.js';
import type { StockDocuments } from './documents.js';
import type { StockFailureCode } from './errors.js';
import type { StockFactLog } from './fact-log.js';
import { transferOutInput } from './inputs.js';
import type { ProductIndex } from './product-index.js';

interface Deps {
  ctx: StockContext;
  facts: StockFactLog;
  documents: StockDocuments;
  products: ProductIndex;
}

/**
 * Sends goods to another store: a transfer document (which replicates to the receiver through HQ)
 * and one transferOut movement per line. The goods are in transit until the receiving store posts
 * its receipt against the same document (receiving.ts), partial or complete.
 */
export function transferOut(
  deps: Deps,
  input: unknown,
): Result<{ document: StockDocument; movements: number }, StockFailureCode> {
  const parsed = safeParse(transferOutInput, input, 'transfer out');
  if (!parsed.ok) return fail('VALIDATION_FAILED', parsed.error.message, parsed.error.issues);
  const t = parsed.value;
  const { ctx, facts, documents, products } = deps;
  if (t.toStoreId === ctx.storeId) {
    return fail('WRONG_STORE', 'a transfer must go to another store');
  }
  const run = ctx.db.transaction(
    (): Result<{ document: StockDocument; movements: number }, StockFailureCode> => {
      if (documents.get(t.transferId)) {
        return fail('DUPLICATE_RECEIPT', `transfer ${t.transferId} was already sent`);
      }
      const now = ctx.now();
      const lines = [];
      for (const l of t.lines) {
        const p = products.get(l.productId);
        if (!p) return fail('UNKNOWN_PRODUCT', `product ${l.productId} is not in the catalog`);
        lines.push({ productId: l.productId, sku: p.sku, quantity: l.quantity });
      }
      const docParse = safeParse(
        stockDocumentSchema,
        {
          schemaVersion: 1,
          id: t.transferId,
          kind: 'transfer',
          docNo: t.docNo,
          fromStoreId: ctx.storeId,
          toStoreId: t.toStoreId,
          supplier: null,
          lines,
          createdAt: now,
          createdBy: t.staffId,
        },
        'transfer document',
      );
      if (!docParse.ok) {
        return fail('VALIDATION_FAILED', docParse.error.message, docParse.error.issues);
      }
      const document = docParse.value;
      documents.insertOwn(document, 'inTransit');
      const movements: StockMovement[] = lines.map((l) => ({
        schemaVersion: 1,
        id: `tro:${t.transferId}:${l.productId}`,
        storeId: ctx.storeId,
        productId: l.productId,
        sku: l.sku,
        kind: 'transferOut',
        quantityDelta: -l.quantity,
        reason: null,
        sourceType: 'transfer',
        sourceId: t.transferId,
        location: 'any',
        staffId: t.staffId,
        ...(t.note === undefined ? {} : { note: t.note }),
        createdAt: now,
      }));
      facts.append(facts.validate(movements));
      return ok({ document, movements: movements.length });
    },
  );
  return run();
}
