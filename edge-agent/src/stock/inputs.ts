import { z } from 'zod';
import { documentId } from '@mendian/protocol';

/** Request shapes of the manager's stock operations, validated before anything is written. */

const quantity = z.number().int().min(1).max(10_000_000);
const note = z.string().max(300).optional();

export const receiveInput = z.object({
  /** Made by the handheld when the receipt starts, so a resubmitted receipt is recognised. */
  receiptId: documentId,
  /** The purchase or transfer document; null for an ad hoc delivery. */
  documentId: documentId.nullable(),
  staffId: documentId,
  lines: z
    .array(z.object({ productId: documentId, quantity }))
    .min(1)
    .max(2000),
  /** The delivery is complete: whatever is still outstanding is recorded as under-delivered. */
  closeDocument: z.boolean().default(false),
  /** Take in goods whose document names another store; the reason is kept on the movements. */
  acceptMisdelivery: z.object({ reason: z.string().min(1).max(200) }).optional(),
  note,
});
export type ReceiveInput = z.input<typeof receiveInput>;

export const adjustmentReason = z.enum([
  'damaged',
  'expired',
  'theft',
  'sampling',
  'found',
  'correction',
]);

export const adjustInput = z.object({
  adjustmentId: documentId,
  staffId: documentId,
  lines: z
    .array(
      z.object({
        productId: documentId,
        quantityDelta: z
          .number()
          .int()
          .min(-10_000_000)
          .max(10_000_000)
          .refine((v) => v !== 0, { message: 'must not be zero' }),
        reason: adjustmentReason,
      }),
    )
    .min(1)
    .max(500),
  note,
});
export type AdjustInput = z.input<typeof adjustInput>;

export const transferOutInput = z.object({
  transferId: documentId,
  docNo: z.string().min(1).max(40),
  toStoreId: documentId,
  staffId: documentId,
  lines: z
    .array(z.object({ productId: documentId, quantity }))
    .min(1)
    .max(2000),
  note,
});
export type TransferOutInput = z.input<typeof transferOutInput>;

export const countScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('category'), categoryId: documentId }),
  /** A zone is the list of products on its shelves (the planogram the manager picks). */
  z.object({
    kind: z.literal('zone'),
    zone: z.string().min(1).max(40),
    productIds: z.array(documentId).min(1).max(20_000),
  }),
]);

export const startCountInput = z.object({
  countId: documentId,
  staffId: documentId,
  scope: countScope,
  /** Blind: the counter never sees the expected level. */
  blind: z.boolean().default(true),
});
export type StartCountInput = z.input<typeof startCountInput>;

export const scanInput = z.object({
  scanId: documentId,
  countId: documentId,
  staffId: documentId,
  /** The scanned barcode (or SKU typed by hand). */
  code: z.string().min(1).max(64),
  /** Pieces (or grams) for this scan; a scanner beep counts one. */
  quantity: quantity.default(1),
});
export type ScanInput = z.input<typeof scanInput>;

export const thresholdInput = z.object({
  productId: documentId,
  minLevel: z.number().int().min(0).max(10_000_000),
  maxLevel: z.number().int().min(1).max(10_000_000).nullable(),
});
