import { z } from 'zod';
import {
  basisPoints,
  documentId,
  epochMs,
  fen,
  laneCode,
  localizedText,
  nonNegativeFen,
  sku,
  soldBy,
  storeCode,
  tenderMethod,
  versioned,
} from './common.js';
import { isReceiptNumber } from '../receipt-number.js';

/**
 * Orders are facts: written once by the store that made them, never updated, replicated up.
 * A sale and a return are both orders; a return references the sale and the lines it refunds.
 * Amounts are positive for sales and for returns alike; `kind` says which way the money went.
 */

export const discountReason = z.object({
  /** promotion | manual | member | rounding | allocation */
  source: z.enum(['promotion', 'manual', 'memberPrice', 'orderPromotion', 'coupon']),
  promotionId: documentId.optional(),
  code: z.string().max(40),
  name: localizedText,
  /** Who approved a manual discount beyond the cashier's limit. */
  approvedBy: documentId.optional(),
});

export const lineDiscount = z.object({
  reason: discountReason,
  amount: nonNegativeFen,
});
export type LineDiscount = z.infer<typeof lineDiscount>;

export const orderLineSchema = z
  .object({
    /** ASCII-safe, because derived facts carry it in their ids (`stk:{orderId}:{lineId}`). */
    lineId: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,40}$/, { message: 'must be 1-40 of A-Z a-z 0-9 _ . -' }),
    productId: documentId,
    sku,
    name: localizedText,
    soldBy,
    /** Pieces for soldBy=piece; grams for soldBy=weight. */
    quantity: z.number().int().min(1).max(10_000_000),
    /** Per piece, or per kilogram for weighed items. */
    unitPrice: nonNegativeFen,
    /** unitPrice × quantity (per kg: × grams / 1000, rounded half up) before discounts. */
    grossAmount: nonNegativeFen,
    discounts: z.array(lineDiscount).max(20),
    /** grossAmount − sum(discounts): what the customer paid for this line. */
    netAmount: nonNegativeFen,
    taxRate: basisPoints,
    /** The VAT contained in netAmount (prices are tax-inclusive). */
    taxAmount: nonNegativeFen,
    /** The barcode that was scanned, for audits of scale codes and price-embedded codes. */
    scannedCode: z.string().max(64).optional(),
    /** On a return: the sale line being refunded. */
    returnOf: z.object({ orderId: documentId, lineId: z.string().max(40) }).optional(),
    /** On a return: whether the goods go back to sellable stock. */
    restock: z.enum(['sellable', 'damaged']).optional(),
    priceOverride: z
      .object({ originalUnitPrice: nonNegativeFen, approvedBy: documentId.optional() })
      .optional(),
  })
  .refine((l) => l.netAmount === l.grossAmount - l.discounts.reduce((s, d) => s + d.amount, 0), {
    message: 'netAmount must equal grossAmount minus the line discounts',
    path: ['netAmount'],
  });
export type OrderLine = z.infer<typeof orderLineSchema>;

export const paymentSchema = z.object({
  paymentId: documentId,
  method: tenderMethod,
  amount: nonNegativeFen,
  /** Cash handed over, for cash payments (amount + change). */
  tendered: nonNegativeFen.optional(),
  change: nonNegativeFen.optional(),
  /** Terminal or gateway reference: card RRN, wallet transaction id. */
  reference: z.string().max(64).optional(),
  /** Points spent when method = points. */
  points: z.number().int().min(0).optional(),
  at: epochMs,
});
export type Payment = z.infer<typeof paymentSchema>;

export const orderSchema = z
  .object({
    schemaVersion: versioned(1),
    id: documentId,
    kind: z.enum(['sale', 'return']),
    storeId: documentId,
    storeCode,
    laneCode,
    receiptNo: z.string().refine(isReceiptNumber, { message: 'must be STORE-LANE-SEQUENCE' }),
    cashierId: documentId,
    shiftId: documentId,
    memberId: documentId.nullable(),
    lines: z.array(orderLineSchema).min(1).max(500),
    /** Sum of line gross amounts. */
    subtotal: nonNegativeFen,
    /** Sum of every line discount (order-level discounts are allocated into the lines). */
    discountTotal: nonNegativeFen,
    /** Cash rounding (抹零): negative when fen were dropped. */
    rounding: fen,
    /** What the customer pays: sum of line net amounts + rounding. */
    total: nonNegativeFen,
    payments: z.array(paymentSchema).max(10),
    pointsEarned: z.number().int().min(0),
    pointsRedeemed: z.number().int().min(0),
    /** On a return: the sale it refunds. */
    returnOf: documentId.nullable(),
    /** Manager approvals given during this order (overrides, discounts, offline returns). */
    approvals: z
      .array(z.object({ action: z.string().max(40), approvedBy: documentId, at: epochMs }))
      .max(20),
    createdAt: epochMs,
  })
  .superRefine((o, ctx) => {
    const lineGross = o.lines.reduce((s, l) => s + l.grossAmount, 0);
    const lineDiscounts = o.lines.reduce(
      (s, l) => s + l.discounts.reduce((t, d) => t + d.amount, 0),
      0,
    );
    const lineNet = o.lines.reduce((s, l) => s + l.netAmount, 0);
    if (o.subtotal !== lineGross) {
      ctx.addIssue({
        code: 'custom',
        path: ['subtotal'],
        message: 'must equal the sum of line gross amounts',
      });
    }
    if (o.discountTotal !== lineDiscounts) {
      ctx.addIssue({
        code: 'custom',
        path: ['discountTotal'],
        message: 'must equal the sum of line discounts',
      });
    }
    if (o.total !== lineNet + o.rounding) {
      ctx.addIssue({
        code: 'custom',
        path: ['total'],
        message: 'must equal the sum of line net amounts plus rounding',
      });
    }
    const paid = o.payments.reduce((s, p) => s + p.amount, 0);
    if (paid !== o.total) {
      ctx.addIssue({
        code: 'custom',
        path: ['payments'],
        message: `payments sum to ${paid} but total is ${o.total}`,
      });
    }
    if (o.kind === 'return' && o.returnOf === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['returnOf'],
        message: 'a return must reference its sale',
      });
    }
    const ids = new Set<string>();
    for (const [i, l] of o.lines.entries()) {
      if (ids.has(l.lineId)) {
        ctx.addIssue({ code: 'custom', path: ['lines', i, 'lineId'], message: 'duplicate lineId' });
      }
      ids.add(l.lineId);
    }
  });
export type Order = z.infer<typeof orderSchema>;
