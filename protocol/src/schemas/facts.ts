import { z } from 'zod';
import {
  derivedId,
  documentId,
  epochMs,
  fen,
  laneCode,
  nonNegativeFen,
  sku,
  staffRole,
  tenderMethod,
  versioned,
} from './common.js';

/**
 * Facts: immutable, insert-only, pushed exactly once. Ids are client-generated, or deterministic
 * when the fact is derived from another (so deriving twice writes the same document twice).
 */

const factId = z.union([documentId, derivedId]);

export const stockMovementKind = z.enum([
  'sale',
  'return',
  'receipt',
  'adjustment',
  'count',
  'transferOut',
  'transferIn',
]);

export const stockMovementSchema = z.object({
  schemaVersion: versioned(1),
  id: factId,
  storeId: documentId,
  productId: documentId,
  sku,
  kind: stockMovementKind,
  /** Change of stock in the product's base unit (pieces or grams); negative leaves the store. */
  quantityDelta: z
    .number()
    .int()
    .refine((v) => v !== 0, { message: 'must not be zero' }),
  /** damaged | expired | theft | sampling | overDelivery | underDelivery | countVariance … */
  reason: z.string().max(40).nullable(),
  /** The order, transfer, purchase or count document behind the movement. */
  sourceType: z.enum(['order', 'transfer', 'purchase', 'count', 'manual']),
  sourceId: z.string().max(120).nullable(),
  location: z.enum(['shelf', 'backroom', 'any']).default('any'),
  staffId: documentId.nullable(),
  note: z.string().max(300).optional(),
  createdAt: epochMs,
});
export type StockMovement = z.infer<typeof stockMovementSchema>;

export const pointsEntrySchema = z.object({
  schemaVersion: versioned(1),
  id: factId,
  memberId: documentId,
  storeId: documentId.nullable(),
  kind: z.enum(['earn', 'redeem', 'reverse', 'adjust', 'expire', 'merge']),
  /** Positive adds points, negative spends them. */
  delta: z
    .number()
    .int()
    .refine((v) => v !== 0, { message: 'must not be zero' }),
  orderId: documentId.nullable(),
  note: z.string().max(200).optional(),
  createdAt: epochMs,
});
export type PointsEntry = z.infer<typeof pointsEntrySchema>;

/** Stored value (储值): top-ups and spending, as facts like points. */
export const valueEntrySchema = z.object({
  schemaVersion: versioned(1),
  id: factId,
  memberId: documentId,
  storeId: documentId.nullable(),
  kind: z.enum(['topUp', 'spend', 'refund', 'adjust', 'merge']),
  delta: fen.refine((v) => v !== 0, { message: 'must not be zero' }),
  orderId: documentId.nullable(),
  createdAt: epochMs,
});
export type ValueEntry = z.infer<typeof valueEntrySchema>;

export const shiftClosingSchema = z.object({
  schemaVersion: versioned(1),
  id: documentId,
  storeId: documentId,
  laneCode,
  shiftId: documentId,
  cashierId: documentId,
  openedAt: epochMs,
  closedAt: epochMs,
  float: nonNegativeFen,
  cashIn: nonNegativeFen,
  cashOut: nonNegativeFen,
  /** Float + cash sales − cash refunds + cash in − cash out. */
  expectedCash: fen,
  countedCash: nonNegativeFen,
  /** Count by denomination in fen: {"10000": 3, "5000": 1, …}. */
  denominations: z.record(z.string().regex(/^\d+$/), z.number().int().min(0)),
  overShort: fen,
  salesCount: z.number().int().min(0),
  salesTotal: nonNegativeFen,
  returnsCount: z.number().int().min(0),
  returnsTotal: nonNegativeFen,
  byMethod: z.partialRecord(tenderMethod, fen),
  /** Z report: the day was closed with this shift. */
  dayClose: z.boolean(),
  closedBy: documentId,
});
export type ShiftClosing = z.infer<typeof shiftClosingSchema>;

/**
 * Audit journal: append-only and hash-chained per store. `hash` = SHA-256 over the previous hash
 * and the canonical JSON of the entry without `hash`, so a removed or altered entry breaks the chain.
 */
export const auditEntrySchema = z.object({
  schemaVersion: versioned(1),
  id: documentId,
  storeId: documentId,
  /** Position in the store's chain, from 1. */
  seq: z.number().int().min(1),
  at: epochMs,
  actorId: documentId.nullable(),
  actorRole: staffRole.nullable(),
  laneCode: laneCode.nullable(),
  action: z.enum([
    'login',
    'loginFailed',
    'logout',
    'lineVoid',
    'orderVoid',
    'priceOverride',
    'manualDiscount',
    'refund',
    'noSaleDrawerOpen',
    'cashIn',
    'cashOut',
    'shiftOpen',
    'shiftClose',
    'dayClose',
    'stockAdjust',
    'countApprove',
    'deviceProvision',
    'deviceDisable',
    'approval',
    'memberErase',
    'settingsChange',
  ]),
  subject: z.string().max(120).nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  approvedBy: documentId.nullable(),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** Hourly visitor aggregate from presence sensors; id is `trf:{storeId}:{hourStart}`. */
export const trafficAggregateSchema = z.object({
  schemaVersion: versioned(1),
  id: derivedId,
  storeId: documentId,
  hourStart: epochMs.refine((t) => t % 3_600_000 === 0, { message: 'must be on the hour (UTC)' }),
  visitors: z.number().int().min(0),
  passersBy: z.number().int().min(0),
  /** Visits by dwell time: <2 min, 2-5, 5-15, 15-30, 30+. */
  dwellBuckets: z.tuple([
    z.number().int().min(0),
    z.number().int().min(0),
    z.number().int().min(0),
    z.number().int().min(0),
    z.number().int().min(0),
  ]),
  medianDwellSeconds: z.number().int().min(0),
  memberArrivals: z.number().int().min(0),
  createdAt: epochMs,
});
export type TrafficAggregate = z.infer<typeof trafficAggregateSchema>;
