import {
  allocate,
  type EarningRules,
  type Order,
  type PointsEntry,
  type ValueEntry,
} from '@mendian/protocol';

export interface EarningContext {
  rules: EarningRules;
  tier: string;
  /** The category of a product (from the catalog), for category rates and campaigns. */
  categoryOf: (productId: string) => string | null;
}

/**
 * Points a sale earns under HQ's rules: per line, the part of its net amount not paid with a
 * non-earning tender (allocated across lines in proportion), times the category's points per yuan,
 * the tier multiplier and any running campaign; rounded down per line (a fraction of a point is
 * never given). Pure: the checkout puts the result in `order.pointsEarned` before commit.
 */
export function pointsForSale(
  order: Pick<Order, 'lines' | 'payments' | 'createdAt'>,
  ctx: EarningContext,
): number {
  const { rules } = ctx;
  const nonEarning = new Set<string>(rules.nonEarningTenders);
  const excluded = order.payments
    .filter((p) => nonEarning.has(p.method))
    .reduce((s, p) => s + p.amount, 0);
  const nets = order.lines.map((l) => l.netAmount);
  const netTotal = nets.reduce((s, n) => s + n, 0);
  const cut = allocate(Math.min(excluded, netTotal), nets);
  const rateOf = new Map(rules.categoryRates.map((c) => [c.categoryId, c.pointsPerYuan]));
  const tier = BigInt(rules.tierMultipliers[ctx.tier] ?? 10_000);
  let total = 0n;
  for (const [i, line] of order.lines.entries()) {
    const eligible = BigInt(line.netAmount - (cut[i] ?? 0));
    if (eligible <= 0n) continue;
    const category = ctx.categoryOf(line.productId);
    const rate = BigInt(
      category !== null && rateOf.has(category) ? rateOf.get(category)! : rules.pointsPerYuan,
    );
    let campaign = 10_000n;
    for (const c of rules.campaigns) {
      if (order.createdAt < c.validFrom || order.createdAt >= c.validTo) continue;
      if (c.categoryIds.length > 0 && (category === null || !c.categoryIds.includes(category))) {
        continue;
      }
      // Campaigns do not stack: the best one running applies.
      if (BigInt(c.multiplier) > campaign) campaign = BigInt(c.multiplier);
    }
    total += (eligible * rate * tier * campaign) / (100n * 10_000n * 10_000n);
  }
  return Number(total);
}

/** Points a points payment of `amountFen` costs: amount × points-per-yuan / 100, rounded up. */
export function pointsForAmount(amountFen: number, rules: EarningRules): number {
  return Math.ceil((amountFen * rules.pointsPerYuanRedeemed) / 100);
}

/**
 * The member ledger entries a committed order implies, with the ids and content the sync server
 * derives (`pts:{orderId}:earn|redeem`; a return reverses both), plus stored-value spending
 * (`val:{orderId}:spend`, a return refunds it), which the server does not derive yet.
 */
export function memberEntriesFromOrder(order: Order): {
  points: PointsEntry[];
  value: ValueEntry[];
} {
  const points: PointsEntry[] = [];
  const value: ValueEntry[] = [];
  if (order.memberId === null) return { points, value };
  const isReturn = order.kind === 'return';
  const pairs: [string, number][] = [
    ['earn', isReturn ? -order.pointsEarned : order.pointsEarned],
    ['redeem', isReturn ? order.pointsRedeemed : -order.pointsRedeemed],
  ];
  for (const [what, delta] of pairs) {
    if (delta === 0) continue;
    points.push({
      schemaVersion: 1,
      id: `pts:${order.id}:${what}`,
      memberId: order.memberId,
      storeId: order.storeId,
      kind: isReturn ? 'reverse' : (what as 'earn' | 'redeem'),
      delta,
      orderId: order.id,
      createdAt: order.createdAt,
    });
  }
  const stored = order.payments
    .filter((p) => p.method === 'storedValue')
    .reduce((s, p) => s + p.amount, 0);
  if (stored > 0) {
    value.push({
      schemaVersion: 1,
      id: `val:${order.id}:${isReturn ? 'refund' : 'spend'}`,
      memberId: order.memberId,
      storeId: order.storeId,
      kind: isReturn ? 'refund' : 'spend',
      delta: isReturn ? stored : -stored,
      orderId: order.id,
      createdAt: order.createdAt,
    });
  }
  return { points, value };
}
