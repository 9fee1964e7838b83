import { z } from 'zod';
import { documentId, epochMs, localizedText, nonNegativeFen, sku, versioned } from './common.js';

/**
 * Online orders (placed in an app or mini-program, picked up or delivered from a store) are shared
 * records whose status follows a state machine. Replicas merge by taking the furthest legal state,
 * so a store marking "ready" and HQ marking "picking" at the same time converge on "ready".
 */

export const ONLINE_ORDER_STATUSES = [
  'placed',
  'accepted',
  'picking',
  'ready',
  'collected',
  'cancelled',
  'refunded',
] as const;
export const onlineOrderStatus = z.enum(ONLINE_ORDER_STATUSES);
export type OnlineOrderStatus = z.infer<typeof onlineOrderStatus>;

/** Legal transitions; anything else is refused. Terminal: collected → refunded only. */
export const ONLINE_ORDER_TRANSITIONS: Readonly<
  Record<OnlineOrderStatus, readonly OnlineOrderStatus[]>
> = {
  placed: ['accepted', 'cancelled'],
  accepted: ['picking', 'cancelled'],
  picking: ['ready', 'cancelled'],
  ready: ['collected', 'cancelled'],
  collected: ['refunded'],
  cancelled: [],
  refunded: [],
};

/** Rank along the state machine: a merge keeps the higher rank. */
const RANK: Readonly<Record<OnlineOrderStatus, number>> = {
  placed: 0,
  accepted: 1,
  picking: 2,
  ready: 3,
  collected: 4,
  cancelled: 5,
  refunded: 6,
};

export function canTransition(from: OnlineOrderStatus, to: OnlineOrderStatus): boolean {
  return ONLINE_ORDER_TRANSITIONS[from].includes(to);
}

/** Whether `to` can be reached from `from` by zero or more legal transitions. */
export function isReachable(from: OnlineOrderStatus, to: OnlineOrderStatus): boolean {
  if (from === to) return true;
  const seen = new Set<OnlineOrderStatus>([from]);
  const queue: OnlineOrderStatus[] = [from];
  while (queue.length > 0) {
    const s = queue.shift()!;
    for (const next of ONLINE_ORDER_TRANSITIONS[s]) {
      if (next === to) return true;
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}

export const onlineOrderSchema = z.object({
  schemaVersion: versioned(1),
  id: documentId,
  channel: z.enum(['miniProgram', 'app', 'web', 'marketplace']),
  externalNo: z.string().max(64),
  storeId: documentId,
  fulfilment: z.enum(['pickup', 'delivery']),
  memberId: documentId.nullable(),
  customerName: z.string().max(60),
  customerPhoneMasked: z.string().max(20),
  pickupCode: z.string().regex(/^\d{4,8}$/),
  lines: z
    .array(
      z.object({
        productId: documentId,
        sku,
        name: localizedText,
        quantity: z.number().int().min(1),
        unitPrice: nonNegativeFen,
        amount: nonNegativeFen,
        /** Filled while picking: what was actually picked (weight items may differ). */
        pickedQuantity: z.number().int().min(0).nullable(),
      }),
    )
    .min(1)
    .max(200),
  total: nonNegativeFen,
  paid: z.boolean(),
  status: onlineOrderStatus,
  /** Each status reached, with when and by whom: the merge unions these. */
  history: z
    .array(z.object({ status: onlineOrderStatus, at: epochMs, by: z.string().max(60) }))
    .max(20),
  placedAt: epochMs,
  updatedAt: epochMs,
});
export type OnlineOrder = z.infer<typeof onlineOrderSchema>;

/**
 * Merges two replicas of an online order: the status furthest along the state machine wins (a
 * cancellation beats anything before collection; a refund beats collection), its side's pick data
 * comes with it, and the histories are unioned in time order. Deterministic for any argument order.
 */
export function mergeOnlineOrder(a: OnlineOrder, b: OnlineOrder): OnlineOrder {
  const aWins =
    RANK[a.status] > RANK[b.status] ||
    (RANK[a.status] === RANK[b.status] &&
      (a.updatedAt > b.updatedAt ||
        (a.updatedAt === b.updatedAt && JSON.stringify(a) >= JSON.stringify(b))));
  const winner = aWins ? a : b;
  const seen = new Set<string>();
  const history = [...a.history, ...b.history]
    .filter((h) => {
      const key = `${h.status}|${h.at}|${h.by}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((x, y) => x.at - y.at || RANK[x.status] - RANK[y.status] || x.by.localeCompare(y.by))
    .slice(-20);
  return { ...winner, history, updatedAt: Math.max(a.updatedAt, b.updatedAt) };
}
