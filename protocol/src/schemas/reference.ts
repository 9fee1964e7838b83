import { z } from 'zod';
import {
  basisPoints,
  documentId,
  epochMs,
  localizedText,
  nonNegativeFen,
  sku,
  soldBy,
  staffRole,
  storeCode,
  versioned,
} from './common.js';

/** Reference data: written by HQ (a store may own local products); HQ wins on conflict. */

export const storeSchema = z.object({
  schemaVersion: versioned(1),
  id: documentId,
  code: storeCode,
  name: localizedText,
  timeZone: z.string().min(1).max(64).default('Asia/Shanghai'),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  address: z.string().max(300).optional(),
  lanes: z
    .array(z.object({ code: z.string().regex(/^[A-Z0-9]{1,4}$/), name: z.string().max(60) }))
    .max(99),
  active: z.boolean(),
  updatedAt: epochMs,
});
export type Store = z.infer<typeof storeSchema>;

export const staffSchema = z.object({
  schemaVersion: versioned(1),
  id: documentId,
  /** Null for chain-wide staff (area managers); otherwise the one store they work in. */
  storeId: documentId.nullable(),
  staffNo: z
    .string()
    .min(1)
    .max(20)
    .regex(/^[A-Za-z0-9]+$/),
  name: z.string().min(1).max(60),
  role: staffRole,
  /** A slow-KDF hash of the PIN, never the PIN: `scrypt$N$r$p$saltB64$hashB64`. */
  pinHash: z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, {
    message: 'must be a scrypt hash string, never a plain PIN',
  }),
  active: z.boolean(),
  updatedAt: epochMs,
});
export type Staff = z.infer<typeof staffSchema>;

export const categorySchema = z.object({
  schemaVersion: versioned(1),
  id: documentId,
  code: z.string().min(1).max(20),
  name: localizedText,
  parentId: documentId.nullable(),
  updatedAt: epochMs,
});
export type Category = z.infer<typeof categorySchema>;

export const productUnit = z.enum(['piece', 'kg', 'jin', 'g', 'box', 'bottle', 'bag', 'pack']);

export const productSchema = z
  .object({
    schemaVersion: versioned(1),
    id: documentId,
    sku,
    name: localizedText,
    /** Pinyin initials of the Chinese name, upper case (农夫山泉 → NFSQ), for till search. */
    pinyinInitials: z
      .string()
      .max(60)
      .regex(/^[A-Z0-9]*$/, { message: 'must be upper-case letters and digits' }),
    /** Every barcode that identifies this product (EAN-13, EAN-8, UPC, internal). */
    barcodes: z
      .array(
        z
          .string()
          .min(1)
          .max(48)
          .regex(/^[\x21-\x7e]+$/, { message: 'must be printable ASCII without spaces' }),
      )
      .max(20),
    /** PLU number used inside in-store scale barcodes (GB/T 18283), when the product is weighed. */
    plu: z
      .string()
      .regex(/^\d{4,6}$/)
      .optional(),
    unit: productUnit,
    soldBy,
    /** VAT rate included in the shelf price, in basis points (1300 = 13%, 900 = 9%). */
    taxRate: basisPoints,
    categoryId: documentId.nullable(),
    brand: z.string().max(60).optional(),
    /** Set when a store created the item locally; null for HQ catalog items. */
    ownerStoreId: documentId.nullable(),
    active: z.boolean(),
    updatedAt: epochMs,
  })
  .refine((p) => p.soldBy === 'piece' || p.unit === 'kg' || p.unit === 'jin' || p.unit === 'g', {
    message: 'a product sold by weight must have unit kg, jin or g',
    path: ['unit'],
  });
export type Product = z.infer<typeof productSchema>;

export const priceKind = z.enum(['regular', 'member']);

/**
 * A price: per piece, or per kilogram for weighed products. Chain-wide when storeId is null; a
 * store's own price overrides the chain's while its window is open.
 */
export const priceSchema = z
  .object({
    schemaVersion: versioned(1),
    id: documentId,
    productId: documentId,
    storeId: documentId.nullable(),
    kind: priceKind,
    amount: nonNegativeFen,
    validFrom: epochMs,
    /** Exclusive end; null means open-ended. */
    validTo: epochMs.nullable(),
    updatedAt: epochMs,
  })
  .refine((p) => p.validTo === null || p.validTo > p.validFrom, {
    message: 'validTo must be after validFrom',
    path: ['validTo'],
  });
export type Price = z.infer<typeof priceSchema>;

/** What a promotion applies to: any of the listed products or categories; empty = everything. */
export const promotionTarget = z.object({
  productIds: z.array(documentId).max(2000).default([]),
  categoryIds: z.array(documentId).max(200).default([]),
});
export type PromotionTarget = z.infer<typeof promotionTarget>;

export const promotionRule = z.discriminatedUnion('type', [
  /** Percent off each matching unit (offRate 2000 = 20% off, i.e. 八折). */
  z.object({ type: z.literal('percentOff'), target: promotionTarget, offRate: basisPoints }),
  /** A fixed amount off each matching unit (never below zero). */
  z.object({ type: z.literal('amountOff'), target: promotionTarget, amount: nonNegativeFen }),
  /** Every n-th matching unit at a discount: n=2, offRate=5000 is 第二件半价. */
  z.object({
    type: z.literal('nthItem'),
    target: promotionTarget,
    n: z.number().int().min(2).max(20),
    offRate: basisPoints,
  }),
  /** Buy x of target, get y of reward target (cheapest first) at offRate (10000 = free). */
  z.object({
    type: z.literal('buyXGetY'),
    target: promotionTarget,
    buy: z.number().int().min(1).max(100),
    reward: promotionTarget,
    get: z.number().int().min(1).max(100),
    offRate: basisPoints,
  }),
  /** 满减: spend at least `threshold` on the target, get `off`; tiers, optionally per multiple (每满). */
  z.object({
    type: z.literal('threshold'),
    target: promotionTarget,
    tiers: z
      .array(z.object({ threshold: nonNegativeFen, off: nonNegativeFen }))
      .min(1)
      .max(10),
    repeat: z.boolean().default(false),
  }),
  /** A fixed price for a group: e.g. any 3 of these for ¥10, or a bundle of one each. */
  z.object({
    type: z.literal('fixedPriceGroup'),
    components: z
      .array(z.object({ target: promotionTarget, quantity: z.number().int().min(1).max(50) }))
      .min(1)
      .max(10),
    price: nonNegativeFen,
  }),
]);
export type PromotionRule = z.infer<typeof promotionRule>;

export const promotionSchema = z
  .object({
    schemaVersion: versioned(1),
    id: documentId,
    code: z.string().min(1).max(40),
    name: localizedText,
    /** Null = every store of the chain. */
    storeIds: z.array(documentId).nullable(),
    memberOnly: z.boolean(),
    /** Tiers that qualify when memberOnly (empty = any member). */
    memberTiers: z.array(z.string().max(20)).default([]),
    validFrom: epochMs,
    validTo: epochMs.nullable(),
    /** Recurring windows in store-local time; empty = all day, every day. */
    timeWindows: z
      .array(
        z.object({
          daysOfWeek: z.array(z.number().int().min(0).max(6)).min(1).max(7),
          startMinute: z.number().int().min(0).max(1439),
          endMinute: z.number().int().min(1).max(1440),
        }),
      )
      .max(14)
      .default([]),
    /** Promotions in one exclusive group never apply to the same unit; see the stacking rule. */
    stackGroup: z.string().max(40).default('item'),
    priority: z.number().int().min(0).max(1000).default(100),
    rule: promotionRule,
    active: z.boolean(),
    updatedAt: epochMs,
  })
  .refine((p) => p.validTo === null || p.validTo > p.validFrom, {
    message: 'validTo must be after validFrom',
    path: ['validTo'],
  });
export type Promotion = z.infer<typeof promotionSchema>;
