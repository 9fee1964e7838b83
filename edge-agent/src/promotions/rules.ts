import { allocate, percentOf, type PromotionRule, type PromotionTarget } from '@mendian/protocol';
import { matchesTarget } from './eligibility.js';
import type { Unit } from './units.js';

/** What one promotion does to the units it was offered: units it uses and fen off per unit. */
export interface Application {
  claimed: number[];
  off: Map<number, number>;
}

type Nets = Map<number, number>;

function net(nets: Nets, u: Unit): number {
  return nets.get(u.idx) ?? u.net;
}

function targetUnits(units: readonly Unit[], target: PromotionTarget, countable: boolean): Unit[] {
  return units.filter((u) => (!countable || u.countable) && matchesTarget(target, u.subject));
}

/** Most expensive first; equal prices keep cart order so the result is deterministic. */
function byNetDesc(nets: Nets) {
  return (a: Unit, b: Unit) => net(nets, b) - net(nets, a) || a.idx - b.idx;
}

function spread(app: Application, units: readonly Unit[], amount: number, nets: Nets): void {
  if (amount <= 0 || units.length === 0) return;
  const parts = allocate(
    amount,
    units.map((u) => net(nets, u)),
  );
  units.forEach((u, i) => app.off.set(u.idx, (app.off.get(u.idx) ?? 0) + (parts[i] ?? 0)));
}

function percentOff(units: Unit[], offRate: number, nets: Nets): Application {
  const app: Application = { claimed: units.map((u) => u.idx), off: new Map() };
  // Rounded once per line, as the receipt shows it, then spread over the line's units.
  const byLine = new Map<number, Unit[]>();
  for (const u of units) byLine.set(u.lineIdx, [...(byLine.get(u.lineIdx) ?? []), u]);
  for (const lineUnits of byLine.values()) {
    const base = lineUnits.reduce((s, u) => s + net(nets, u), 0);
    spread(app, lineUnits, percentOf(base, offRate), nets);
  }
  return app;
}

function nthItem(units: Unit[], n: number, offRate: number, nets: Nets): Application {
  const sorted = [...units].sort(byNetDesc(nets));
  const app: Application = { claimed: [], off: new Map() };
  for (let i = 0; i + n <= sorted.length; i += n) {
    const group = sorted.slice(i, i + n);
    for (const u of group) app.claimed.push(u.idx);
    const cheapest = group[n - 1]!;
    const off = percentOf(net(nets, cheapest), offRate);
    if (off > 0) app.off.set(cheapest.idx, off);
  }
  return app;
}

function buyXGetY(
  rule: Extract<PromotionRule, { type: 'buyXGetY' }>,
  units: Unit[],
  nets: Nets,
): Application {
  const app: Application = { claimed: [], off: new Map() };
  const used = new Set<number>();
  const buyPool = targetUnits(units, rule.target, true).sort(byNetDesc(nets));
  const rewardPool = targetUnits(units, rule.reward, true).sort((a, b) => byNetDesc(nets)(b, a));
  for (;;) {
    // Rewards are the cheapest eligible units; the paid units are the dearest of the rest.
    const rewards = rewardPool.filter((u) => !used.has(u.idx)).slice(0, rule.get);
    if (rewards.length < rule.get) break;
    const rewardIds = new Set(rewards.map((u) => u.idx));
    const buys = buyPool
      .filter((u) => !used.has(u.idx) && !rewardIds.has(u.idx))
      .slice(0, rule.buy);
    if (buys.length < rule.buy) break;
    for (const u of [...buys, ...rewards]) {
      used.add(u.idx);
      app.claimed.push(u.idx);
    }
    for (const u of rewards) {
      const off = percentOf(net(nets, u), rule.offRate);
      if (off > 0) app.off.set(u.idx, off);
    }
  }
  return app;
}

function fixedPriceGroup(
  rule: Extract<PromotionRule, { type: 'fixedPriceGroup' }>,
  units: Unit[],
  nets: Nets,
): Application {
  const app: Application = { claimed: [], off: new Map() };
  const used = new Set<number>();
  const pools = rule.components.map((c) =>
    targetUnits(units, c.target, true).sort(byNetDesc(nets)),
  );
  for (;;) {
    const bundle: Unit[] = [];
    const taken = new Set<number>();
    let complete = true;
    rule.components.forEach((c, i) => {
      const pick = pools[i]!.filter((u) => !used.has(u.idx) && !taken.has(u.idx)).slice(
        0,
        c.quantity,
      );
      if (pick.length < c.quantity) complete = false;
      for (const u of pick) {
        taken.add(u.idx);
        bundle.push(u);
      }
    });
    if (!complete) break;
    const sum = bundle.reduce((s, u) => s + net(nets, u), 0);
    if (sum <= rule.price) break;
    for (const u of bundle) {
      used.add(u.idx);
      app.claimed.push(u.idx);
    }
    spread(app, bundle, sum - rule.price, nets);
  }
  return app;
}

function threshold(
  rule: Extract<PromotionRule, { type: 'threshold' }>,
  units: Unit[],
  nets: Nets,
): Application {
  const app: Application = { claimed: [], off: new Map() };
  const base = units.reduce((s, u) => s + net(nets, u), 0);
  let best = 0;
  for (const t of rule.tiers) {
    if (base < t.threshold) continue;
    const times = rule.repeat && t.threshold > 0 ? Math.floor(base / t.threshold) : 1;
    best = Math.max(best, Math.min(base, t.off * times));
  }
  if (best === 0) return app;
  app.claimed = units.map((u) => u.idx);
  spread(app, units, best, nets);
  return app;
}

/**
 * Applies one rule to the units still free in its stacking group, against the current nets.
 * Every unit's discount is at most its net, so nothing goes below zero.
 */
export function applyRule(rule: PromotionRule, free: readonly Unit[], nets: Nets): Application {
  let app: Application;
  switch (rule.type) {
    case 'percentOff':
      app = percentOff(targetUnits(free, rule.target, false), rule.offRate, nets);
      break;
    case 'amountOff': {
      const units = targetUnits(free, rule.target, false);
      app = { claimed: units.map((u) => u.idx), off: new Map() };
      for (const u of units) {
        const off = Math.min(rule.amount, net(nets, u));
        if (off > 0) app.off.set(u.idx, off);
      }
      break;
    }
    case 'nthItem':
      app = nthItem(targetUnits(free, rule.target, true), rule.n, rule.offRate, nets);
      break;
    case 'buyXGetY':
      app = buyXGetY(rule, [...free], nets);
      break;
    case 'fixedPriceGroup':
      app = fixedPriceGroup(rule, [...free], nets);
      break;
    case 'threshold':
      app = threshold(rule, targetUnits(free, rule.target, false), nets);
      break;
  }
  const byIdx = new Map(free.map((u) => [u.idx, u]));
  for (const [idx, off] of app.off) {
    const unit = byIdx.get(idx);
    const cap = unit ? net(nets, unit) : 0;
    if (off > cap) app.off.set(idx, cap);
  }
  return app;
}

export function isOrderLevel(rule: PromotionRule): boolean {
  return rule.type === 'threshold';
}
