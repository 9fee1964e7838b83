import { z } from 'zod';
import { documentId, epochMs, sku, versioned } from './common.js';

/**
 * Documents HQ (or a sending store) issues so that a store can receive goods against them: purchase
 * orders from suppliers and transfers between stores. They are reference data for the receiving
 * store: what it receives is recorded as stock movements (facts) pointing at the document.
 */
export const stockDocumentLine = z.object({
  productId: documentId,
  sku,
  /** Expected quantity in the product's base unit (pieces or grams). */
  quantity: z.number().int().min(1).max(10_000_000),
});
export type StockDocumentLine = z.infer<typeof stockDocumentLine>;

export const stockDocumentSchema = z
  .object({
    schemaVersion: versioned(1),
    id: documentId,
    kind: z.enum(['purchase', 'transfer']),
    /** Human document number printed on the delivery note (PO-2026-0001, TR-…). */
    docNo: z.string().min(1).max(40),
    /** Sending store of a transfer; null for a purchase (supplier or central warehouse). */
    fromStoreId: documentId.nullable(),
    toStoreId: documentId,
    supplier: z.string().max(80).nullable(),
    lines: z.array(stockDocumentLine).min(1).max(2000),
    createdAt: epochMs,
    createdBy: documentId.nullable(),
  })
  .superRefine((d, ctx) => {
    if (d.kind === 'transfer' && d.fromStoreId === null) {
      ctx.addIssue({ code: 'custom', path: ['fromStoreId'], message: 'a transfer needs a sender' });
    }
    if (d.fromStoreId !== null && d.fromStoreId === d.toStoreId) {
      ctx.addIssue({ code: 'custom', path: ['toStoreId'], message: 'must differ from sender' });
    }
    const seen = new Set<string>();
    for (const [i, l] of d.lines.entries()) {
      if (seen.has(l.productId)) {
        ctx.addIssue({ code: 'custom', path: ['lines', i, 'productId'], message: 'duplicate' });
      }
      seen.add(l.productId);
    }
  });
export type StockDocument = z.infer<typeof stockDocumentSchema>;

/**
 * A low-stock threshold for one product in one store. HQ sets defaults; a store manager may set
 * a local one, which wins over HQ's for that store until removed.
 */
export const stockThresholdSchema = z
  .object({
    schemaVersion: versioned(1),
    id: documentId,
    storeId: documentId,
    productId: documentId,
    /** At or below this level the product is low. */
    minLevel: z.number().int().min(0).max(10_000_000),
    /** Reorder up to this level; null = suggestions from sales velocity only. */
    maxLevel: z.number().int().min(1).max(10_000_000).nullable(),
    source: z.enum(['hq', 'local']),
    updatedAt: epochMs,
  })
  .refine((t) => t.maxLevel === null || t.maxLevel > t.minLevel, {
    message: 'maxLevel must be above minLevel',
    path: ['maxLevel'],
  });
export type StockThreshold = z.infer<typeof stockThresholdSchema>;
