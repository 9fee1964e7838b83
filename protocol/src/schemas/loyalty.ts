import { z } from 'zod';
import { basisPoints, derivedId, documentId, epochMs, versioned } from './common.js';

/**
 * Loyalty contracts HQ sends to stores: how points are earned, and how much of a member's points or
 * stored value (储值) a store may spend without asking HQ (the offline allowance).
 */

/** Points earned per whole yuan paid, with category rates and multipliers. */
export const earningRulesSchema = z.object({
  schemaVersion: versioned(1),
  id: documentId,
  /** Points for each full yuan of the eligible amount (1 = 1 point per ¥1). */
  pointsPerYuan: z.number().int().min(0).max(100),
  /** Category overrides (0 excludes a category, e.g. tobacco). */
  categoryRates: z
    .array(z.object({ categoryId: documentId, pointsPerYuan: z.number().int().min(0).max(100) }))
    .max(500),
  /** Tier → multiplier in basis points (15000 = 1.5×). Tiers not listed earn 1×. */
  tierMultipliers: z.record(z.string().min(1).max(20), z.number().int().min(0).max(100_000)),
  /** Time-boxed multipliers (double-points days), optionally limited to categories. */
  campaigns: z
    .array(
      z.object({
        code: z.string().min(1).max(40),
        multiplier: z.number().int().min(0).max(100_000),
        validFrom: epochMs,
        validTo: epochMs,
        categoryIds: z.array(documentId).max(200),
      }),
    )
    .max(50),
  /** Tenders that earn nothing (paying with points must not earn points). */
  nonEarningTenders: z.array(z.enum(['points', 'storedValue', 'voucher'])).max(3),
  /** How many points make one fen when points are used as payment (100 = 100 points per ¥1). */
  pointsPerYuanRedeemed: z.number().int().min(1).max(100_000),
  validFrom: epochMs,
  updatedAt: epochMs,
});
export type EarningRules = z.infer<typeof earningRulesSchema>;

export const allowanceAsset = z.enum(['points', 'value']);
export type AllowanceAsset = z.infer<typeof allowanceAsset>;

/**
 * An allowance entry (fact). HQ writes `grant`s: amounts a store may spend for a member without
 * asking HQ, taken only from the part of the balance no other store holds. A store writes
 * `release`s to hand back what it will not spend. `hqBalance` is HQ's balance of the asset when the
 * grant was made, so the till can show "balance as last synced".
 */
export const allowanceEntrySchema = z.object({
  schemaVersion: versioned(1),
  id: z.union([documentId, derivedId]),
  memberId: documentId,
  storeId: documentId,
  asset: allowanceAsset,
  kind: z.enum(['grant', 'release']),
  amount: z.number().int().min(1),
  hqBalance: z.number().int().nullable(),
  createdAt: epochMs,
});
export type AllowanceEntry = z.infer<typeof allowanceEntrySchema>;

/**
 * HQ's allowance policy. A store gets `shareBp` of the free balance (what no store holds),
 * capped per store; the member's home store may get a bigger share. The cap keeps one store from
 * holding everything, so the member can still spend elsewhere.
 */
export const allowancePolicySchema = z.object({
  shareBp: basisPoints,
  homeStoreShareBp: basisPoints,
  maxPerStore: z.object({ points: z.number().int().min(0), value: z.number().int().min(0) }),
});
export type AllowancePolicy = z.infer<typeof allowancePolicySchema>;
