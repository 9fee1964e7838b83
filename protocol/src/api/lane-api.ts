import { z } from 'zod';
import {
  documentId,
  epochMs,
  fen,
  laneCode,
  localizedText,
  nonNegativeFen,
  soldBy,
  staffRole,
  tenderMethod,
} from '../schemas/common.js';
import { lineDiscount } from '../schemas/orders.js';

/**
 * Requests and responses of the edge-agent's lane API (HTTP + WebSocket), shared by the
 * edge-agent (validates every request) and the cashier UI (validates every response).
 * Routes are under /api/v1; the OpenAPI document at /openapi.json is generated from these.
 */

/** A supervisor's or manager's PIN entered at the lane for an action beyond the cashier. */
export const approvalInput = z.object({
  staffNo: z.string().min(1).max(20),
  pin: z.string().regex(/^\d{4,8}$/),
});

export const loginRequest = z.object({
  staffNo: z.string().min(1).max(20),
  pin: z.string().regex(/^\d{4,8}$/, { message: 'must be 4-8 digits' }),
  laneCode,
});

export const sessionView = z.object({
  token: z.string(),
  staff: z.object({ id: documentId, staffNo: z.string(), name: z.string(), role: staffRole }),
  laneCode,
  storeName: z.string(),
});

export const scanRequest = z.object({
  code: z.string().min(1).max(200),
  /** Pieces, or grams from the lane's scale for a weighed item. */
  quantity: z.number().int().min(1).max(50_000).optional(),
});
export const addLineRequest = z.object({
  productId: documentId,
  quantity: z.number().int().min(1).max(50_000),
});
export const setQuantityRequest = z.object({ quantity: z.number().int().min(1).max(50_000) });
export const lineVoidRequest = z.object({ approval: approvalInput.optional() });
export const priceOverrideRequest = z.object({
  unitPrice: nonNegativeFen,
  approval: approvalInput.optional(),
});
export const discountRequest = z.object({
  lineId: z.string().max(40).nullable(),
  amount: nonNegativeFen,
  approval: approvalInput.optional(),
});
export const memberRequest = z
  .object({
    phone: z
      .string()
      .regex(/^\+?\d{6,15}$/)
      .optional(),
    code: z.string().min(1).max(200).optional(),
  })
  .refine((m) => (m.phone === undefined) !== (m.code === undefined), {
    message: 'give exactly one of phone or code',
  });
export const voidRequest = z.object({ approval: approvalInput.optional() });
export const cashPaymentRequest = z.object({
  tendered: z.number().int().min(1).max(100_000_000),
  /** Apply the store's 抹零 rounding when this cash settles the rest. */
  round: z.boolean().default(false),
});
export const cardPaymentRequest = z.object({ amount: z.number().int().min(1).optional() });
export const walletPaymentRequest = z.object({
  authCode: z.string().regex(/^\d{16,24}$/, { message: 'must be the 16-24 digit payment code' }),
  amount: z.number().int().min(1).optional(),
});
export const commitRequest = z.object({ cartId: documentId });

export const lineView = z.object({
  lineId: z.string(),
  productId: documentId,
  sku: z.string(),
  name: localizedText,
  soldBy,
  quantity: z.number().int(),
  unitPrice: nonNegativeFen,
  grossAmount: nonNegativeFen,
  discounts: z.array(lineDiscount),
  netAmount: nonNegativeFen,
  taxAmount: nonNegativeFen,
});

export const cartView = z.object({
  id: documentId,
  laneCode,
  state: z.enum(['open', 'tendering', 'committed', 'suspended', 'voided']),
  lines: z.array(lineView),
  member: z
    .object({
      id: documentId,
      name: z.string().nullable(),
      tier: z.string(),
      phoneMasked: z.string(),
    })
    .nullable(),
  promotions: z.array(
    z.object({ promotionId: documentId, code: z.string(), name: localizedText, amount: fen }),
  ),
  payments: z.array(
    z.object({
      paymentId: documentId,
      method: tenderMethod,
      amount: nonNegativeFen,
      change: nonNegativeFen.optional(),
      reference: z.string().optional(),
    }),
  ),
  subtotal: nonNegativeFen,
  discountTotal: nonNegativeFen,
  rounding: fen,
  total: nonNegativeFen,
  paid: nonNegativeFen,
  remaining: fen,
  updatedAt: epochMs,
});
export type CartViewBody = z.infer<typeof cartView>;

export const saleDone = z.object({
  orderId: documentId,
  receiptNo: z.string(),
  total: nonNegativeFen,
  change: nonNegativeFen,
  /** The order had already been committed by an earlier try; nothing new was written. */
  duplicate: z.boolean(),
});

export const productHit = z.object({
  productId: documentId,
  sku: z.string(),
  name: localizedText,
  soldBy,
  unitPrice: nonNegativeFen.nullable(),
  memberPrice: nonNegativeFen.nullable(),
  barcode: z.string().nullable(),
  plu: z.string().nullable(),
});
export const productSearchQuery = z.object({
  q: z.string().max(60).optional(),
  category: documentId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

export const shiftOpenRequest = z.object({ float: nonNegativeFen });
export const cashMovementRequest = z.object({
  kind: z.enum(['in', 'out']),
  amount: z.number().int().min(1),
  reason: z.string().min(1).max(100),
  approval: approvalInput.optional(),
});
export const shiftCloseRequest = z.object({
  denominations: z.record(z.string().regex(/^\d+$/), z.number().int().min(0)),
  dayClose: z.boolean().default(false),
  approval: approvalInput.optional(),
});

export const returnLineRequest = z.object({
  lineId: z.string().min(1).max(40),
  quantity: z.number().int().min(1),
  restock: z.enum(['sellable', 'damaged']),
});
export const returnRequest = z.object({
  /** Client id of the return: a retried request never refunds twice. */
  returnId: documentId,
  receiptNo: z.string().min(1).max(40),
  lines: z.array(returnLineRequest).min(1).max(500),
  approval: approvalInput.optional(),
  /** 'cash' when the original wallet cannot be refunded right now. */
  refundTo: z.enum(['original', 'cash']).default('original'),
});

/** WebSocket /api/v1/live messages. */
export const liveMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('cart'), lane: laneCode, cart: cartView.nullable() }),
  z.object({
    type: z.literal('order'),
    orderId: documentId,
    receiptNo: z.string(),
    laneCode,
    total: nonNegativeFen,
  }),
  z.object({
    type: z.literal('printer'),
    state: z.enum(['ok', 'offline', 'paperOut', 'error']),
    message: z.string(),
  }),
  z.object({
    type: z.literal('wallet'),
    provider: z.string(),
    reachable: z.boolean(),
    message: z.string().nullable(),
  }),
]);
export type LiveMessage = z.infer<typeof liveMessage>;
