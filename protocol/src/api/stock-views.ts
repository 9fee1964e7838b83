import { z } from 'zod';
import { documentId, epochMs, localizedText, soldBy } from '../schemas/common.js';

/**
 * Responses of the edge-agent's stock routes as the manager UI reads them (`{ data }` envelopes).
 * Objects keep only the fields listed here, so the server may add fields without breaking a lane
 * that has not been updated; a listed field with a wrong type is an error.
 */

export function dataEnvelope<S extends z.ZodType>(schema: S) {
  return z.object({ data: schema });
}

export const stockProductRef = z.object({
  productId: documentId,
  sku: z.string(),
  name: localizedText,
  soldBy,
});

/** One product's stock at the store: pieces, or grams for weighed products. May be negative. */
export const stockViewLineSchema = z.object({
  product: stockProductRef,
  quantity: z.number().int(),
  negative: z.boolean(),
  recentSales: z.object({ last24h: z.number(), last7d: z.number() }),
  location: z.object({ onShelf: z.number(), backroom: z.number(), at: epochMs }).nullable(),
});
export type StockViewLine = z.infer<typeof stockViewLineSchema>;

export const lowStockLineSchema = z.object({
  productId: documentId,
  sku: z.string(),
  name: localizedText,
  quantity: z.number().int(),
  threshold: z.object({ minLevel: z.number().int() }).loose(),
});
export type LowStockLine = z.infer<typeof lowStockLineSchema>;

export const stockSearchResponse = dataEnvelope(z.array(stockViewLineSchema));
export const stockLineResponse = dataEnvelope(stockViewLineSchema);
export const lowStockResponse = dataEnvelope(z.array(lowStockLineSchema));
