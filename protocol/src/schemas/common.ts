import { z } from 'zod';
import { isDocumentId } from '../ids.js';
import { LANE_CODE_RE, STORE_CODE_RE } from '../receipt-number.js';

/** A client-generated document id: ULID or UUIDv7. */
export const documentId = z
  .string()
  .max(40)
  .refine(isDocumentId, { message: 'must be a ULID or a UUIDv7' });

/**
 * Ids of derived documents are deterministic (e.g. `stk:{orderId}:{lineId}`), so a retried
 * derivation writes the same id again instead of a second copy. They are ASCII, at most 120 chars.
 */
export const derivedId = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9:_.-]+$/, { message: 'must be ASCII letters, digits and : _ . -' });

/** UTC epoch milliseconds. */
export const epochMs = z
  .number()
  .int({ message: 'must be an integer epoch ms' })
  .min(0)
  .max(8_640_000_000_000_000);

/** An amount of money in integer fen (may be negative: refunds, adjustments). */
export const fen = z
  .number()
  .int({ message: 'must be an integer number of fen' })
  .refine(Number.isSafeInteger, { message: 'is beyond the safe integer range' });

export const nonNegativeFen = fen.refine((v) => v >= 0, { message: 'must not be negative' });

/** Basis points: 10000 = 100%. Tax rates and percentage discounts use them. */
export const basisPoints = z.number().int().min(0).max(10_000);

export const storeCode = z.string().regex(STORE_CODE_RE, { message: 'must be 2-8 of A-Z, 0-9' });
export const laneCode = z.string().regex(LANE_CODE_RE, { message: 'must be 1-4 of A-Z, 0-9' });

/** Names shown to people: zh-CN always, English when the chain has one. */
export const localizedText = z.object({
  zh: z.string().min(1).max(200),
  en: z.string().min(1).max(200).optional(),
});
export type LocalizedText = z.infer<typeof localizedText>;

export const sku = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9._-]+$/, { message: 'must be letters, digits, . _ -' });

/** Every replicated document carries the version of the schema it was written with. */
export function versioned<const V extends number>(version: V) {
  return z.literal(version, { message: `schemaVersion must be ${version}` });
}

export const tenderMethod = z.enum([
  'cash',
  'card',
  'wechat',
  'alipay',
  'unionpay',
  'points',
  'storedValue',
  'voucher',
]);
export type TenderMethod = z.infer<typeof tenderMethod>;

/** How a product is sold: by the piece (quantity = count) or by weight (quantity = grams). */
export const soldBy = z.enum(['piece', 'weight']);
export type SoldBy = z.infer<typeof soldBy>;

export const staffRole = z.enum(['cashier', 'supervisor', 'manager']);
export type StaffRole = z.infer<typeof staffRole>;
