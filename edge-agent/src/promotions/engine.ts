import type { LineDiscount, LocalizedText, Promotion } from '@mendian/protocol';
import { isPromotionOpen, type PromotionContext } from './eligibility.js';
import { applyRule, isOrderLevel } from './rules.js';
import { expandUnits, type PromoLine, type Unit } from './units.js';

/**
 * The stacking rule (docs/selling.md, "Promotions"):
 * 1. Item promotions (percent/amount off, n-th item, buy X get Y, fixed-price groups) run first,
 *    then order-level threshold promotions (满减) on what remains to pay.
 * 2. Within one phase, promotions are grouped by `stackGroup`. Inside a group every unit gets at
 *    most one promotion; groups are applied one after another in name order, each on the amounts
 *    the earlier groups left, so promotions of different groups stack.
 * 3. Inside a group the engine picks the combination that saves the customer the most: it tries
 *    every order of the group's promotions (up to EXHAUSTIVE_LIMIT; beyond that, priority order),
 *    each promotion taking the units still free. Ties go to the order that comes first when
 *    promotions are sorted by priority, then id, so every lane picks the same result.
 */
export const EXHAUSTIVE_LIMIT = 6;

export interface AppliedPromotion {
  promotionId: string;
  code: string;
  name: LocalizedText;
  amount: number;
  orderLevel: boolean;
}

export interface PromotionResult {
  /** Discounts per line, in the order of the input lines. */
  lineDiscounts: LineDiscount[][];
  applied: AppliedPromotion[];
  total: number;
}

interface Trial {
  total: number;
  perPromotion: Map<string, Map<number, number>>;
  nets: Map<number, number>;
}

function runOrder(
  order: readonly Promotion[],
  units: readonly Unit[],
  base: Map<number, number>,
): Trial {
  const nets = new Map(base);
  const claimed = new Set<number>();
  const perPromotion = new Map<string, Map<number, number>>();
  let total = 0;
  for (const p of order) {
    const free = units.filter((u) => !claimed.has(u.idx) && (nets.get(u.idx) ?? 0) > 0);
    const app = applyRule(p.rule, free, nets);
    let sum = 0;
    for (const [idx, off] of app.off) {
      nets.set(idx, (nets.get(idx) ?? 0) - off);
      sum += off;
    }
    if (sum === 0) continue; // a promotion that saves nothing claims nothing
    for (const idx of app.claimed) claimed.add(idx);
    perPromotion.set(p.id, app.off);
    total += sum;
  }
  return { total, perPromotion, nets };
}

function* permutations<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const p of permutations(rest)) yield [items[i]!, ...p];
  }
}

function bestTrial(
  group: readonly Promotion[],
  units: readonly Unit[],
  nets: Map<number, number>,
): Trial {
  if (group.length > EXHAUSTIVE_LIMIT) return runOrder(group, units, nets);
  let best: Trial | null = null;
  for (const order of permutations(group)) {
    const t = runOrder(order, units, nets);
    if (best === null || t.total > best.total) best = t;
  }
  return best!;
}

function byPriority(a: Promotion, b: Promotion): number {
  return a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Applies the open promotions to the lines; see the stacking rule above. */
export function applyPromotions(
  lines: readonly PromoLine[],
  promotions: readonly Promotion[],
  ctx: PromotionContext,
): PromotionResult {
  const units = expandUnits(lines);
  let nets = new Map(units.map((u) => [u.idx, u.net]));
  const open = promotions.filter((p) => isPromotionOpen(p, ctx)).sort(byPriority);
  const perLine: Map<string, number>[] = lines.map(() => new Map<string, number>());
  const applied: AppliedPromotion[] = [];
  const byId = new Map(open.map((p) => [p.id, p]));

  for (const orderLevel of [false, true]) {
    const groups = new Map<string, Promotion[]>();
    for (const p of open) {
      if (isOrderLevel(p.rule) !== orderLevel) continue;
      groups.set(p.stackGroup, [...(groups.get(p.stackGroup) ?? []), p]);
    }
    for (const name of [...groups.keys()].sort()) {
      const trial = bestTrial(groups.get(name)!, units, nets);
      nets = trial.nets;
      // Report in priority order, whatever order won the search.
      const ids = [...trial.perPromotion.keys()].sort((a, b) =>
        byPriority(byId.get(a)!, byId.get(b)!),
      );
      for (const id of ids) {
        const off = trial.perPromotion.get(id)!;
        let amount = 0;
        for (const [idx, fen] of off) {
          const lineIdx = units[idx]!.lineIdx;
          const m = perLine[lineIdx]!;
          m.set(id, (m.get(id) ?? 0) + fen);
          amount += fen;
        }
        const p = byId.get(id)!;
        applied.push({ promotionId: id, code: p.code, name: p.name, amount, orderLevel });
      }
    }
  }

  const lineDiscounts = perLine.map((m) =>
    [...m.entries()]
      .filter(([, amount]) => amount > 0)
      .map(([id, amount]): LineDiscount => {
        const p = byId.get(id)!;
        return {
          reason: {
            source: isOrderLevel(p.rule) ? 'orderPromotion' : 'promotion',
            promotionId: p.id,
            code: p.code,
            name: p.name,
          },
          amount,
        };
      }),
  );
  return { lineDiscounts, applied, total: applied.reduce((s, a) => s + a.amount, 0) };
}
