import { afterAll, beforeEach, expect, test } from 'vitest';
import { ulid, type Product } from '@mendian/protocol';
import type { StockService } from '../../src/stock/stock-service.js';
import { order, product, service, tempDir } from './helpers.js';

const tmp = tempDir('stock-low');
afterAll(() => tmp.cleanup());

const storeId = ulid();
const staff = ulid();
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 8);
let stock: StockService;
let water: Product;
let cola: Product;
let tea: Product;
const onShelf = new Map<string, number>();

beforeEach(() => {
  ({ stock } = service(`${tmp.dir}/${ulid()}.db`, storeId, {
    now: () => NOW,
    shelves: {
      onShelf: (id) => (onShelf.has(id) ? { quantity: onShelf.get(id)!, at: NOW - 5000 } : null),
    },
  }));
  water = product({
    sku: 'W550',
    name: { zh: '农夫山泉 550ml', en: 'Nongfu Spring' },
    pinyinInitials: 'NFSQ',
    barcodes: ['6921168509256'],
  });
  cola = product({
    sku: 'C330',
    name: { zh: '可口可乐 330ml' },
    pinyinInitials: 'KKKL',
    barcodes: ['6928804011173'],
  });
  tea = product({ sku: 'T500', name: { zh: '康师傅冰红茶' }, pinyinInitials: 'KSFBHC' });
  stock.products.upsert([water, cola, tea]);
  stock.receive({
    receiptId: ulid(),
    documentId: null,
    staffId: staff,
    lines: [
      { productId: water.id, quantity: 30 },
      { productId: cola.id, quantity: 8 },
      { productId: tea.id, quantity: 50 },
    ],
  });
});

test('thresholds: HQ sets them, the store’s own win, clearing falls back to HQ', () => {
  const hq = (productId: string, minLevel: number, maxLevel: number | null) => ({
    schemaVersion: 1,
    id: ulid(),
    storeId,
    productId,
    minLevel,
    maxLevel,
    source: 'hq',
    updatedAt: 1,
  });
  expect(
    stock.thresholds.importFromHq([
      hq(water.id, 10, 60),
      hq(cola.id, 10, null),
      { ...hq(tea.id, 5, null), storeId: ulid() },
    ]),
  ).toBe(2);
  expect(stock.thresholds.lowStock().map((l) => [l.sku, l.quantity, l.threshold.source])).toEqual([
    ['C330', 8, 'hq'],
  ]);
  expect(
    stock.thresholds.setLocal({ productId: water.id, minLevel: 40, maxLevel: null }),
  ).toMatchObject({ ok: true });
  expect(stock.thresholds.lowStock().map((l) => l.sku)).toEqual(['C330', 'W550']);
  expect(stock.thresholds.clearLocal(water.id)).toBe(true);
  expect(stock.thresholds.lowStock().map((l) => l.sku)).toEqual(['C330']);
  expect(
    stock.thresholds.setLocal({ productId: water.id, minLevel: 10, maxLevel: 5 }),
  ).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
  expect(
    stock.thresholds.setLocal({ productId: ulid(), minLevel: 1, maxLevel: null }),
  ).toMatchObject({ ok: false, code: 'UNKNOWN_PRODUCT' });
  expect(() => stock.thresholds.importFromHq([hq(water.id, 10, 5)])).toThrow(/maxLevel/);
});

test('reorder suggestions from sales velocity: below min, or running out within the lead time', () => {
  stock.thresholds.importFromHq([
    {
      schemaVersion: 1,
      id: ulid(),
      storeId,
      productId: water.id,
      minLevel: 5,
      maxLevel: null,
      source: 'hq',
      updatedAt: 1,
    },
    {
      schemaVersion: 1,
      id: ulid(),
      storeId,
      productId: cola.id,
      minLevel: 10,
      maxLevel: 48,
      source: 'hq',
      updatedAt: 1,
    },
    {
      schemaVersion: 1,
      id: ulid(),
      storeId,
      productId: tea.id,
      minLevel: 5,
      maxLevel: null,
      source: 'hq',
      updatedAt: 1,
    },
  ]);
  // Water sells 7 a day over the last 2 weeks (98 sold, 30 + 98 received so 30 remain); tea: none.
  stock.receive({
    receiptId: ulid(),
    documentId: null,
    staffId: staff,
    lines: [{ productId: water.id, quantity: 98 }],
  });
  for (let d = 1; d <= 14; d++)
    stock.applyOrder(
      order(storeId, 'sale', [{ product: water, quantity: 7 }], NOW - d * DAY + 1000),
    );
  // An old sale outside the window does not count.
  stock.applyOrder(order(storeId, 'sale', [{ product: water, quantity: 1 }], NOW - 30 * DAY));
  stock.receive({
    receiptId: ulid(),
    documentId: null,
    staffId: staff,
    lines: [{ productId: water.id, quantity: 1 }],
  });
  const s = stock.thresholds.reorderSuggestions({
    velocityDays: 14,
    leadTimeDays: 4,
    coverDays: 7,
  });
  expect(s.map((x) => [x.sku, x.quantity, x.dailySales, x.why, x.suggestedQuantity])).toEqual([
    ['C330', 8, 0, 'belowMin', 40],
    // 30 − 7×4 = 2 ≤ 5: runs out within lead time; target ceil(5 + 7×11) + 1 = 83 → 53.
    ['W550', 30, 7, 'runsOutWithinLeadTime', 53],
  ]);
  expect(s[1]?.daysOfCover).toBe(4.3);
});

test('stock view: search by name, pinyin initials, barcode and SKU, with level, last movement, sales and shelf split', () => {
  onShelf.set(water.id, 12);
  stock.applyOrder(order(storeId, 'sale', [{ product: water, quantity: 3 }], NOW - 1000));
  stock.applyOrder(order(storeId, 'sale', [{ product: water, quantity: 2 }], NOW - 3 * DAY));
  const byName = stock.view.search('农夫');
  expect(byName.map((l) => l.product.sku)).toEqual(['W550']);
  expect(byName[0]).toMatchObject({
    quantity: 25,
    negative: false,
    lastMovement: { kind: 'sale' },
    recentSales: { last24h: 3, last7d: 5 },
    location: { onShelf: 12, backroom: 13 },
  });
  expect(stock.view.search('nfsq').map((l) => l.product.sku)).toEqual(['W550']);
  expect(stock.view.search('KS').map((l) => l.product.sku)).toEqual(['T500']);
  expect(stock.view.search('6928804011173').map((l) => [l.product.sku, l.location])).toEqual([
    ['C330', null],
  ]);
  expect(stock.view.search('C33').map((l) => l.product.sku)).toEqual(['C330']);
  expect(stock.view.search('Spring').map((l) => l.product.sku)).toEqual(['W550']);
  // A renamed product is found by its new name only; an older document does not win.
  stock.products.upsert([{ ...water, name: { zh: '怡宝纯净水' }, updatedAt: 5 }]);
  stock.products.upsert([{ ...water, updatedAt: 4 }]);
  expect(stock.view.search('农夫')).toEqual([]);
  expect(stock.view.search('纯净').map((l) => l.product.sku)).toEqual(['W550']);
  // A typed % is literal text, not a wildcard.
  expect(stock.view.search('%')).toEqual([]);
  expect(stock.view.search('   ')).toEqual([]);
});
