import { describe, expect, test } from 'vitest';
import {
  allowanceEntrySchema,
  earningRulesSchema,
  freeBalance,
  grantAmount,
  holdingRemaining,
  holdingsOf,
  stockDocumentSchema,
  stockThresholdSchema,
  ulid,
  type AllowanceEntry,
} from '../src/index.js';

const store = ulid();
const other = ulid();
const productId = ulid();

describe('stock documents and thresholds', () => {
  const doc = {
    schemaVersion: 1,
    id: ulid(),
    kind: 'transfer',
    docNo: 'TR-1',
    fromStoreId: other,
    toStoreId: store,
    supplier: null,
    lines: [{ productId, sku: 'A1', quantity: 3 }],
    createdAt: 1,
    createdBy: null,
  };
  test('a valid transfer parses; a transfer without sender, to itself or with a product twice does not', () => {
    expect(stockDocumentSchema.parse(doc).docNo).toBe('TR-1');
    const errs = (d: unknown) =>
      stockDocumentSchema.safeParse(d).error?.issues.map((i) => i.path.join('.'));
    expect(errs({ ...doc, fromStoreId: null })).toEqual(['fromStoreId']);
    expect(errs({ ...doc, fromStoreId: store })).toEqual(['toStoreId']);
    expect(errs({ ...doc, lines: [...doc.lines, ...doc.lines] })).toEqual(['lines.1.productId']);
    expect(errs({ ...doc, lines: [{ productId, sku: 'A1', quantity: 0 }] })).toEqual([
      'lines.0.quantity',
    ]);
  });
  test('threshold max must be above min', () => {
    const t = {
      schemaVersion: 1,
      id: ulid(),
      storeId: store,
      productId,
      minLevel: 5,
      source: 'hq',
      updatedAt: 1,
    };
    expect(stockThresholdSchema.safeParse({ ...t, maxLevel: 5 }).success).toBe(false);
    expect(stockThresholdSchema.safeParse({ ...t, maxLevel: null }).success).toBe(true);
  });
  test('earning rules refuse negative rates and unknown tenders', () => {
    const rules = {
      schemaVersion: 1,
      id: ulid(),
      pointsPerYuan: 1,
      categoryRates: [],
      tierMultipliers: { gold: 15000 },
      campaigns: [],
      nonEarningTenders: ['points'],
      pointsPerYuanRedeemed: 100,
      validFrom: 0,
      updatedAt: 0,
    };
    expect(earningRulesSchema.safeParse(rules).success).toBe(true);
    expect(earningRulesSchema.safeParse({ ...rules, pointsPerYuan: -1 }).success).toBe(false);
    expect(earningRulesSchema.safeParse({ ...rules, nonEarningTenders: ['cash'] }).success).toBe(
      false,
    );
  });
});

describe('offline allowances', () => {
  const policy = { shareBp: 5000, homeStoreShareBp: 8000, maxPerStore: { points: 600, value: 0 } };
  const grant = (storeId: string, amount: number): AllowanceEntry =>
    allowanceEntrySchema.parse({
      schemaVersion: 1,
      id: ulid(),
      memberId: ulid(),
      storeId,
      asset: 'points',
      kind: 'grant',
      amount,
      hqBalance: null,
      createdAt: 1,
    });

  test('holdings count grants, releases and a store’s own redemptions; earnings are not usage', () => {
    const h = holdingsOf(
      'points',
      [grant(store, 500), { ...grant(store, 100), kind: 'release' }],
      [
        { storeId: store, kind: 'redeem', delta: -150 },
        { storeId: store, kind: 'reverse', delta: 50 },
        { storeId: store, kind: 'earn', delta: 999 },
        { storeId: other, kind: 'redeem', delta: -10 },
      ],
    );
    expect(h.get(store)).toEqual({ granted: 500, released: 100, used: 100 });
    expect(holdingRemaining(h.get(store)!)).toBe(300);
    expect(freeBalance(1000, h)).toBe(700);
  });

  test('grants never exceed the free balance, whatever the sequence (randomised)', () => {
    for (let trial = 0; trial < 200; trial++) {
      let balance = 1 + Math.floor(Math.random() * 5000);
      const allowances: AllowanceEntry[] = [];
      const entries: { storeId: string; kind: string; delta: number }[] = [];
      const stores = [ulid(), ulid(), ulid()];
      for (let step = 0; step < 30; step++) {
        const s = stores[Math.floor(Math.random() * 3)]!;
        const holdings = holdingsOf('points', allowances, entries);
        if (Math.random() < 0.5) {
          const amount = grantAmount({
            asset: 'points',
            balance,
            holdings,
            storeId: s,
            isHomeStore: s === stores[0],
            policy,
          });
          expect(amount).toBeLessThanOrEqual(Math.max(0, freeBalance(balance, holdings)));
          if (amount > 0) allowances.push(grant(s, amount));
        } else {
          // A store spends within what it holds (as the edge enforces), unknown to HQ until later.
          const left = holdingRemaining(holdings.get(s) ?? { granted: 0, released: 0, used: 0 });
          const spend = Math.floor(Math.random() * (left + 1));
          if (spend > 0) {
            entries.push({ storeId: s, kind: 'redeem', delta: -spend });
            balance -= spend;
          }
        }
        // The invariant: everything stores still hold is covered by the balance.
        let held = 0;
        for (const h of holdingsOf('points', allowances, entries).values())
          held += holdingRemaining(h);
        expect(held).toBeLessThanOrEqual(balance);
        expect(balance).toBeGreaterThanOrEqual(0);
      }
    }
  });
});
