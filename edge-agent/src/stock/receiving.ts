import { fail, ok, safeParse, type Result, type StockMovement } from '@mendian/protocol';
import type { StockContext } from './context.js';
import type { StockDocuments, StoredDocument } from './documents.js';
import type { StockFailureCode } from './errors.js';
import type { StockFactLog } from './fact-log.js';
import { receiveInput } from './inputs.js';
import type { ProductIndex } from './product-index.js';

export interface ReceiptResult {
  receiptId: string;
  documentId: string | null;
  movements: number;
  /** Delivered beyond what the document expected (recorded with reason overDelivery). */
  overDelivered: { productId: string; quantity: number }[];
  /** Still expected after this receipt; under-delivered if the document was closed. */
  outstanding: { productId: string; quantity: number }[];
  status: StoredDocument['status'] | 'adHoc';
}

interface Deps {
  ctx: StockContext;
  facts: StockFactLog;
  documents: StockDocuments;
  products: ProductIndex;
}

/** How much of each product a document has already brought in (receipts at this store). */
function receivedSoFar(facts: StockFactLog, docId: string, kind: 'purchase' | 'transfer') {
  const got = new Map<string, number>();
  for (const m of facts.bySourceDocument(kind, docId)) {
    if (m.kind === 'receipt' || m.kind === 'transferIn') {
      got.set(m.productId, (got.get(m.productId) ?? 0) + m.quantityDelta);
    }
  }
  return got;
}

/**
 * Goods receiving: against an HQ document (partial receipts add up; over-delivery is taken in and
 * marked; closing notes the under-delivery) or ad hoc. A receipt id seen before, a closed
 * document, or a document for another store are refused and change nothing.
 */
export function receiveGoods(deps: Deps, input: unknown): Result<ReceiptResult, StockFailureCode> {
  const parsed = safeParse(receiveInput, input, 'goods receipt');
  if (!parsed.ok) return fail('VALIDATION_FAILED', parsed.error.message, parsed.error.issues);
  const r = parsed.value;
  const { ctx, facts, documents, products } = deps;

  const run = ctx.db.transaction((): Result<ReceiptResult, StockFailureCode> => {
    const earlier = ctx.db
      .prepare(`SELECT result FROM stock_receipts WHERE receipt_id = ?`)
      .get(r.receiptId) as { result: string } | undefined;
    if (earlier) {
      return fail('DUPLICATE_RECEIPT', `receipt ${r.receiptId} was already posted`, {
        earlier: JSON.parse(earlier.result) as unknown,
      });
    }
    for (const l of r.lines) {
      if (!products.get(l.productId)) {
        return fail('UNKNOWN_PRODUCT', `product ${l.productId} is not in the catalog`);
      }
    }
    const now = ctx.now();
    const base = {
      schemaVersion: 1 as const,
      storeId: ctx.storeId,
      location: 'any' as const,
      staffId: r.staffId,
      createdAt: now,
      ...(r.note === undefined ? {} : { note: r.note }),
    };
    const sku = (productId: string) => products.get(productId)!.sku;
    const movements: StockMovement[] = [];
    const overDelivered: ReceiptResult['overDelivered'] = [];
    let outstanding: ReceiptResult['outstanding'] = [];
    let status: ReceiptResult['status'] = 'adHoc';

    if (r.documentId === null) {
      for (const l of r.lines) {
        movements.push({
          ...base,
          id: `rcv:${r.receiptId}:${l.productId}`,
          productId: l.productId,
          sku: sku(l.productId),
          kind: 'receipt',
          quantityDelta: l.quantity,
          reason: null,
          sourceType: 'manual',
          sourceId: r.receiptId,
        });
      }
    } else {
      const stored = documents.get(r.documentId);
      if (!stored) return fail('NOT_FOUND', `no stock document ${r.documentId}`);
      const doc = stored.document;
      if (stored.status === 'closed' || stored.status === 'received') {
        return fail('DOCUMENT_CLOSED', `document ${doc.docNo} is already ${stored.status}`, {
          status: stored.status,
        });
      }
      if (stored.direction === 'outbound') {
        return fail('WRONG_STORE', `document ${doc.docNo} was sent by this store`);
      }
      const misdelivered = doc.toStoreId !== ctx.storeId;
      if (misdelivered && !r.acceptMisdelivery) {
        return fail('WRONG_STORE', `document ${doc.docNo} is addressed to another store`, {
          intendedStoreId: doc.toStoreId,
          docNo: doc.docNo,
        });
      }
      const movementKind = doc.kind === 'transfer' ? 'transferIn' : 'receipt';
      const sourceType = doc.kind === 'transfer' ? 'transfer' : 'purchase';
      const got = receivedSoFar(facts, doc.id, doc.kind);
      const expected = new Map(doc.lines.map((l) => [l.productId, l.quantity]));
      const misNote = misdelivered
        ? `misdelivered (for ${doc.toStoreId}): ${r.acceptMisdelivery?.reason ?? ''}`
        : undefined;
      for (const l of r.lines) {
        const remaining = Math.max(
          0,
          (expected.get(l.productId) ?? 0) - (got.get(l.productId) ?? 0),
        );
        const within = Math.min(l.quantity, remaining);
        const extra = l.quantity - within;
        const common = {
          ...base,
          productId: l.productId,
          sku: sku(l.productId),
          kind: movementKind,
          sourceType,
          sourceId: doc.id,
          ...(misNote === undefined ? {} : { note: misNote.slice(0, 300) }),
        } as const;
        if (within > 0) {
          movements.push({
            ...common,
            id: `rcv:${r.receiptId}:${l.productId}`,
            quantityDelta: within,
            reason: misdelivered ? 'misdelivered' : null,
          });
        }
        if (extra > 0) {
          movements.push({
            ...common,
            id: `rcv:${r.receiptId}:${l.productId}:over`,
            quantityDelta: extra,
            reason: 'overDelivery',
          });
          overDelivered.push({ productId: l.productId, quantity: extra });
        }
        got.set(l.productId, (got.get(l.productId) ?? 0) + l.quantity);
      }
      outstanding = doc.lines
        .map((l) => ({
          productId: l.productId,
          quantity: Math.max(0, l.quantity - (got.get(l.productId) ?? 0)),
        }))
        .filter((o) => o.quantity > 0);
      status = outstanding.length === 0 ? 'received' : r.closeDocument ? 'closed' : 'partial';
      documents.setStatus(
        doc.id,
        status,
        now,
        status === 'closed'
          ? outstanding.map((o) => ({ productId: o.productId, shortBy: o.quantity }))
          : undefined,
      );
    }
    facts.append(facts.validate(movements));
    const result: ReceiptResult = {
      receiptId: r.receiptId,
      documentId: r.documentId,
      movements: movements.length,
      overDelivered,
      outstanding,
      status,
    };
    ctx.db
      .prepare(
        `INSERT INTO stock_receipts (receipt_id, document_id, result, created_at) VALUES (?,?,?,?)`,
      )
      .run(r.receiptId, r.documentId, JSON.stringify(result), now);
    return ok(result);
  });
  return run();
}
