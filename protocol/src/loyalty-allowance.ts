import type { AllowanceAsset, AllowanceEntry, AllowancePolicy } from './schemas/loyalty.js';
import type { PointsEntry, ValueEntry } from './schemas/facts.js';

/**
 * Offline allowances: why a member's balance can never be spent twice across stores.
 *
 * HQ only grants from the free balance: balance − Σ over stores of what each store still holds
 * (granted − released − used there). A store only spends within its own holding, and it knows all
 * its own spending, even offline. So whatever the stores spend while apart, the sum is at most what
 * HQ granted, which is at most the balance. Grants are additive facts, never edited, so a late
 * sync cannot resurrect an allowance that was already used.
 *
 * `used` counts entries written at a store that consume the asset: points redeem/reverse and
 * value spend/refund (a refund or a reversed redemption gives allowance back to that store).
 */

const POINTS_USAGE = new Set<PointsEntry['kind']>(['redeem', 'reverse']);
const VALUE_USAGE = new Set<ValueEntry['kind']>(['spend', 'refund']);

export function isAllowanceUsage(asset: AllowanceAsset, kind: string): boolean {
  return asset === 'points'
    ? POINTS_USAGE.has(kind as PointsEntry['kind'])
    : VALUE_USAGE.has(kind as ValueEntry['kind']);
}

export interface StoreHolding {
  granted: number;
  released: number;
  used: number;
}

/** What a store may still spend: granted − released − used (never below zero for granting). */
export function holdingRemaining(h: StoreHolding): number {
  return h.granted - h.released - h.used;
}

/** Per-store holdings of one member and asset, from allowance entries and balance entries. */
export function holdingsOf(
  asset: AllowanceAsset,
  allowances: readonly Pick<AllowanceEntry, 'storeId' | 'asset' | 'kind' | 'amount'>[],
  entries: readonly { storeId: string | null; kind: string; delta: number }[],
): Map<string, StoreHolding> {
  const out = new Map<string, StoreHolding>();
  const at = (storeId: string) => {
    let h = out.get(storeId);
    if (!h) {
      h = { granted: 0, released: 0, used: 0 };
      out.set(storeId, h);
    }
    return h;
  };
  for (const a of allowances) {
    if (a.asset !== asset) continue;
    if (a.kind === 'grant') at(a.storeId).granted += a.amount;
    else at(a.storeId).released += a.amount;
  }
  for (const e of entries) {
    if (e.storeId === null || !isAllowanceUsage(asset, e.kind)) continue;
    at(e.storeId).used -= e.delta;
  }
  return out;
}

/** The part of the balance no store holds: the only part HQ may grant. */
export function freeBalance(balance: number, holdings: ReadonlyMap<string, StoreHolding>): number {
  let held = 0;
  for (const h of holdings.values()) held += Math.max(0, holdingRemaining(h));
  return balance - held;
}

/**
 * How much HQ grants a store now under the policy: a share of the free balance, capped so the
 * store's holding stays within maxPerStore. Zero when nothing is free. Never more than free.
 */
export function grantAmount(input: {
  asset: AllowanceAsset;
  balance: number;
  holdings: ReadonlyMap<string, StoreHolding>;
  storeId: string;
  isHomeStore: boolean;
  policy: AllowancePolicy;
}): number {
  const free = freeBalance(input.balance, input.holdings);
  if (free <= 0) return 0;
  const share = input.isHomeStore ? input.policy.homeStoreShareBp : input.policy.shareBp;
  const byShare = Math.floor((free * share) / 10_000);
  const current = input.holdings.get(input.storeId);
  const holding = current ? Math.max(0, holdingRemaining(current)) : 0;
  const cap = input.policy.maxPerStore[input.asset] - holding;
  return Math.max(0, Math.min(byShare, cap, free));
}
