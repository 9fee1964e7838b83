import { describe, expect, test } from 'vitest';
import type { Promotion } from '@mendian/protocol';
import { applyPromotions } from '../../src/promotions/engine.js';
import { localDayAndMinute } from '../../src/promotions/eligibility.js';
import type { PromoLine } from '../../src/promotions/units.js';
import { STORE, T0, line, promo, target } from './fixtures.js';

const ctx = { storeId: STORE, at: T0, timeZone: 'Asia/Shanghai', member: null };

interface Case {
  name: string;
  lines: PromoLine[];
  promos: Promotion[];
  member?: { id: string; tier: string };
  at?: number;
  /** Expected discount per line, in fen, in line order. */
  perLine: number[];
  applied: string[];
}

const cases: Case[] = [
  {
    name: '八折 on one product, rounded once per line',
    lines: [line('cola', 333, 3), line('chips', 500, 1)],
    promos: [promo('P80', { type: 'percentOff', target: target(['cola']), offRate: 2000 })],
    perLine: [200, 0], // 999 × 20% = 199.8 → 200
    applied: ['P80'],
  },
  {
    name: 'amount off each unit never below zero',
    lines: [line('gum', 150, 2)],
    promos: [promo('A2', { type: 'amountOff', target: target(['gum']), amount: 200 })],
    perLine: [300],
    applied: ['A2'],
  },
  {
    name: '第二件半价: cheapest of each pair at half, odd unit pays full',
    lines: [line('milk', 1290, 3)],
    promos: [promo('N2', { type: 'nthItem', target: target(['milk']), n: 2, offRate: 5000 })],
    perLine: [645],
    applied: ['N2'],
  },
  {
    name: '第二件半价 across two products of a category: the cheaper one is halved',
    lines: [
      line('yogurtA', 800, 1, { category: 'dairy' }),
      line('yogurtB', 600, 1, { category: 'dairy' }),
    ],
    promos: [promo('N2C', { type: 'nthItem', target: target([], ['dairy']), n: 2, offRate: 5000 })],
    perLine: [0, 300],
    applied: ['N2C'],
  },
  {
    name: 'buy 2 get 1 free (same product): the cheapest unit is free',
    lines: [line('water', 200, 5)],
    promos: [
      promo('B2G1', {
        type: 'buyXGetY',
        target: target(['water']),
        buy: 2,
        reward: target(['water']),
        get: 1,
        offRate: 10000,
      }),
    ],
    perLine: [200], // 5 units: one set of 3, two left
    applied: ['B2G1'],
  },
  {
    name: 'buy a toothbrush get a paste half off',
    lines: [line('brush', 1500, 1), line('paste', 1000, 2)],
    promos: [
      promo('BXY', {
        type: 'buyXGetY',
        target: target(['brush']),
        buy: 1,
        reward: target(['paste']),
        get: 1,
        offRate: 5000,
      }),
    ],
    perLine: [0, 500],
    applied: ['BXY'],
  },
  {
    name: '满100减20 tiered (满200减50), not repeating',
    lines: [line('oil', 6990, 2), line('rice', 5990, 1)],
    promos: [
      promo('T1', {
        type: 'threshold',
        target: target(),
        tiers: [
          { threshold: 10000, off: 2000 },
          { threshold: 20000, off: 5000 },
        ],
        repeat: false,
      }),
    ],
    // base 19970 < 20000 → 2000 allocated 13980:5990 → 1400.1 / 599.9 → 1400 / 600
    perLine: [1400, 600],
    applied: ['T1'],
  },
  {
    name: '每满100减20 repeating',
    lines: [line('beer', 5000, 5)],
    promos: [
      promo('T2', {
        type: 'threshold',
        target: target(),
        tiers: [{ threshold: 10000, off: 2000 }],
        repeat: true,
      }),
    ],
    perLine: [4000],
    applied: ['T2'],
  },
  {
    name: 'fixed-price bundle: any 3 snacks for ¥10',
    lines: [line('snackA', 450, 2), line('snackB', 380, 2)],
    promos: [
      promo('G3', {
        type: 'fixedPriceGroup',
        components: [{ target: target(['snackA', 'snackB']), quantity: 3 }],
        price: 1000,
      }),
    ],
    // dearest 3: 450+450+380 = 1280 → 280 off, allocated 450:450:380 → 98/98/84 (98.4,98.4,83.1)
    perLine: [197, 83],
    applied: ['G3'],
  },
  {
    name: 'member-only promotion skipped without a member',
    lines: [line('eggs', 1200, 1)],
    promos: [
      promo(
        'M10',
        { type: 'percentOff', target: target(['eggs']), offRate: 1000 },
        { memberOnly: true },
      ),
    ],
    perLine: [0],
    applied: [],
  },
  {
    name: 'member-only promotion for gold tier applies to a gold member',
    lines: [line('eggs', 1200, 1)],
    promos: [
      promo(
        'M10',
        { type: 'percentOff', target: target(['eggs']), offRate: 1000 },
        {
          memberOnly: true,
          memberTiers: ['gold'],
        },
      ),
    ],
    member: { id: 'm', tier: 'gold' },
    perLine: [120],
    applied: ['M10'],
  },
  {
    name: 'happy hour window (Mon 18:00-20:00 store time) closed at noon',
    lines: [line('bread', 800, 1)],
    promos: [
      promo(
        'H',
        { type: 'percentOff', target: target(['bread']), offRate: 5000 },
        {
          timeWindows: [{ daysOfWeek: [1], startMinute: 1080, endMinute: 1200 }],
        },
      ),
    ],
    perLine: [0],
    applied: [],
  },
  {
    name: 'happy hour window open at 18:30 store time',
    lines: [line('bread', 800, 1)],
    promos: [
      promo(
        'H',
        { type: 'percentOff', target: target(['bread']), offRate: 5000 },
        {
          timeWindows: [{ daysOfWeek: [1], startMinute: 1080, endMinute: 1200 }],
        },
      ),
    ],
    at: T0 + 6.5 * 3600_000,
    perLine: [400],
    applied: ['H'],
  },
  {
    name: 'same stack group: the better of 八折 and 第二件半价 wins, not both',
    lines: [line('juice', 1000, 2)],
    promos: [
      promo('P80', { type: 'percentOff', target: target(['juice']), offRate: 2000 }),
      promo('N2', { type: 'nthItem', target: target(['juice']), n: 2, offRate: 5000 }),
    ],
    perLine: [500],
    applied: ['N2'],
  },
  {
    name: 'same group: units split so both promotions apply to different units',
    lines: [line('juice', 1000, 3)],
    promos: [
      promo(
        'P80',
        { type: 'percentOff', target: target(['juice']), offRate: 2000 },
        { priority: 1 },
      ),
      promo('N2', { type: 'nthItem', target: target(['juice']), n: 2, offRate: 5000 }),
    ],
    // N2 first on 2 units (500), then 八折 on the third (200) = 700 beats 八折 on all (600)
    perLine: [700],
    applied: ['P80', 'N2'],
  },
  {
    name: 'different stack groups stack; threshold runs after item promotions on the remainder',
    lines: [line('wine', 6000, 2)],
    promos: [
      promo(
        'P90',
        { type: 'percentOff', target: target(['wine']), offRate: 1000 },
        { stackGroup: 'item' },
      ),
      promo('T', { type: 'threshold', target: target(), tiers: [{ threshold: 10000, off: 2000 }] }),
    ],
    // 12000 − 1200 = 10800 ≥ 10000 → another 2000
    perLine: [3200],
    applied: ['P90', 'T'],
  },
  {
    name: 'threshold not reached after item discounts',
    lines: [line('wine', 5500, 2)],
    promos: [
      promo('P90', { type: 'percentOff', target: target(['wine']), offRate: 1000 }),
      promo('T', { type: 'threshold', target: target(), tiers: [{ threshold: 10000, off: 2000 }] }),
    ],
    perLine: [1100], // 11000 − 1100 = 9900 < 10000
    applied: ['P90'],
  },
  {
    name: 'weighed produce: percent off applies, n-th item does not count grams',
    lines: [line('apple', 1280, 1500, { weight: true })],
    promos: [
      promo('N2', { type: 'nthItem', target: target(['apple']), n: 2, offRate: 5000 }),
      promo(
        'P',
        { type: 'percentOff', target: target(['apple']), offRate: 1500 },
        { stackGroup: 'fresh' },
      ),
    ],
    perLine: [288], // 1920 × 15%
    applied: ['P'],
  },
  {
    name: 'promotion for another store and an expired one are ignored',
    lines: [line('tea', 2000, 1)],
    promos: [
      promo(
        'OTHER',
        { type: 'amountOff', target: target(['tea']), amount: 500 },
        { storeIds: ['01J0000000000000000000000A'] },
      ),
      promo(
        'OLD',
        { type: 'amountOff', target: target(['tea']), amount: 500 },
        { validFrom: 0, validTo: 1000 },
      ),
    ],
    perLine: [0],
    applied: [],
  },
];

describe('promotion engine', () => {
  test.each(cases)('$name', (c) => {
    const r = applyPromotions(c.lines, c.promos, {
      ...ctx,
      at: c.at ?? T0,
      member: c.member ?? null,
    });
    const perLine = r.lineDiscounts.map((ds) => ds.reduce((s, d) => s + d.amount, 0));
    expect(perLine).toEqual(c.perLine);
    expect(r.applied.map((a) => a.code)).toEqual(c.applied);
    expect(r.total).toBe(c.perLine.reduce((s, v) => s + v, 0));
    // every discount names its promotion, and no line goes below zero
    r.lineDiscounts.forEach((ds, i) => {
      for (const d of ds) expect(d.reason.promotionId).toBeDefined();
      expect(perLine[i]!).toBeLessThanOrEqual(c.lines[i]!.net);
    });
  });

  test('the result does not depend on the order promotions are listed in', () => {
    const promos = [
      promo('P80', { type: 'percentOff', target: target(['juice']), offRate: 2000 }),
      promo('N2', { type: 'nthItem', target: target(['juice']), n: 2, offRate: 5000 }),
      promo('T', { type: 'threshold', target: target(), tiers: [{ threshold: 1000, off: 100 }] }),
    ];
    const lines = [line('juice', 1000, 3)];
    const a = applyPromotions(lines, promos, ctx);
    const b = applyPromotions(lines, [...promos].reverse(), ctx);
    expect(b).toEqual(a);
  });

  test('order-level discounts are marked orderPromotion and sum exactly over lines', () => {
    const lines = [line('a', 333, 1), line('b', 333, 1), line('c', 334, 1)];
    const r = applyPromotions(
      lines,
      [promo('T', { type: 'threshold', target: target(), tiers: [{ threshold: 1000, off: 100 }] })],
      ctx,
    );
    const amounts = r.lineDiscounts.map((d) => d[0]!.amount);
    expect(amounts.reduce((s, v) => s + v, 0)).toBe(100);
    expect(r.lineDiscounts.every((d) => d[0]!.reason.source === 'orderPromotion')).toBe(true);
  });

  test('store-local time: Monday 18:30 in Shanghai is Monday 10:30 UTC', () => {
    expect(localDayAndMinute(T0 + 6.5 * 3600_000, 'Asia/Shanghai')).toEqual({
      day: 1,
      minute: 1110,
    });
    expect(localDayAndMinute(T0 + 6.5 * 3600_000, 'UTC')).toEqual({ day: 1, minute: 630 });
  });
});
