import { afterAll, beforeEach, expect, test } from 'vitest';
import { ulid, type Product } from '@mendian/protocol';
import type Database from 'better-sqlite3';
import type { StockService } from '../../src/stock/stock-service.js';
import { order, product, service, tempDir } from './helpers.js';

const tmp = tempDir('stock-count');
afterAll(() => tmp.cleanup());

const storeId = ulid();
const staff = ulid();
const drinks = ulid();
let db: Database.Database;
let stock: StockService;
let cola: Product;
let tea: Product;
let soap: Product;

beforeEach(() => {
  ({ db, stock } = service(`${tmp.dir}/${ulid()}.db`, storeId));
  cola = product({ sku: 'COLA', barcodes: ['6901234567892'], categoryId: drinks });
  tea = product({ sku: 'TEA', barcodes: ['6920202888883'], categoryId: drinks });
  soap = product({ sku: 'SOAP', barcodes: ['6903148042441'] });
  stock.products.upsert([cola, tea, soap]);
  stock.receive({
    receiptId: ulid(),
    documentId: null,
    staffId: staff,
    lines: [
      { productId: cola.id, quantity: 10 },
      { productId: tea.id, quantity: 5 },
    ],
  });
});

const scan = (countId: string, code: string, quantity = 1, scanId = ulid()) =>
  stock.scan({ scanId, countId, staffId: staff, code, quantity });

test('blind count by scanner: double scans add up and can be undone; approval posts variance', () => {
  const countId = ulid();
  const started = stock.startCount({
    countId,
    staffId: staff,
    scope: { kind: 'category', categoryId: drinks },
  });
  expect(started).toMatchObject({ ok: true, value: { status: 'open', items: 2, blind: true } });

  expect(scan(countId, '6901234567892', 6)).toMatchObject({
    ok: true,
    value: { countedInRound: 6, scansInRound: 1 },
  });
  const again = scan(countId, '6901234567892', 3);
  expect(again).toMatchObject({
    ok: true,
    value: { countedInRound: 9, scansInRound: 2, replayed: false },
  });
  // The second scan was a mistake: undo it; undoing twice is refused.
  const secondId = again.ok ? again.value.scanId : '';
  expect(stock.undoScan({ countId, scanId: secondId })).toMatchObject({
    ok: true,
    value: { countedInRound: 6 },
  });
  expect(stock.undoScan({ countId, scanId: secondId })).toMatchObject({
    ok: false,
    code: 'SCAN_ALREADY_UNDONE',
  });
  // A retried request with the same scan id adds nothing.
  const scanId = ulid();
  scan(countId, '6920202888883', 5, scanId);
  expect(scan(countId, '6920202888883', 5, scanId)).toMatchObject({
    ok: true,
    value: { countedInRound: 5, replayed: true },
  });
  // Outside the scope and unknown codes are refused.
  expect(scan(countId, '6903148042441')).toMatchObject({ ok: false, code: 'NOT_IN_COUNT_SCOPE' });
  expect(scan(countId, '0000000000000')).toMatchObject({ ok: false, code: 'UNKNOWN_BARCODE' });

  const report = stock.varianceReport(countId);
  expect(report.ok && report.value.lines.map((l) => [l.sku, l.counted, l.variance])).toEqual([
    ['COLA', 6, -4],
    ['TEA', 5, 0],
  ]);
  const approved = stock.approveCount({ countId, approvedBy: staff });
  expect(approved).toMatchObject({ ok: true, value: { posted: 1 } });
  expect(stock.projector.quantity(storeId, cola.id)).toBe(6);
  expect(stock.projector.quantity(storeId, tea.id)).toBe(5);
  // Approved counts are closed: approving or scanning again is refused, nothing is posted twice.
  expect(stock.approveCount({ countId, approvedBy: staff })).toMatchObject({
    ok: false,
    code: 'COUNT_NOT_OPEN',
  });
  expect(scan(countId, '6901234567892')).toMatchObject({ ok: false, code: 'COUNT_NOT_OPEN' });
  const posted = db
    .prepare(`SELECT kind, reason, delta FROM stock_facts WHERE source_type = 'count'`)
    .all();
  expect(posted).toEqual([{ kind: 'count', reason: 'countVariance', delta: -4 }]);
});

test('the count is of a moment: sales during the count are not shrinkage', () => {
  const countId = ulid();
  stock.startCount({
    countId,
    staffId: staff,
    scope: { kind: 'zone', zone: 'A1', productIds: [cola.id, tea.id] },
  });
  // 2 colas sold before the counter reaches the cola shelf: 8 left, 8 counted → no variance.
  stock.applyOrder(order(storeId, 'sale', [{ product: cola, quantity: 2 }]));
  scan(countId, '6901234567892', 8);
  // Tea is counted first (4 found, 1 missing), then 1 tea is sold after its scan.
  scan(countId, '6920202888883', 4);
  stock.applyOrder(order(storeId, 'sale', [{ product: tea, quantity: 1 }]));
  const report = stock.varianceReport(countId);
  expect(
    report.ok &&
      report.value.lines.map((l) => [
        l.sku,
        l.snapshot,
        l.movedBeforeScan,
        l.movedAfterScan,
        l.variance,
      ]),
  ).toEqual([
    ['COLA', 10, -2, 0, 0],
    ['TEA', 5, 0, -1, -1],
  ]);
  expect(stock.approveCount({ countId, approvedBy: staff })).toMatchObject({
    ok: true,
    value: { posted: 1 },
  });
  expect(stock.projector.quantity(storeId, cola.id)).toBe(8);
  // 4 counted, 1 sold after → 3.
  expect(stock.projector.quantity(storeId, tea.id)).toBe(3);
});

test('recount replaces a product’s earlier scans; uncounted products block approval unless taken as zero', () => {
  const countId = ulid();
  stock.startCount({ countId, staffId: staff, scope: { kind: 'category', categoryId: drinks } });
  scan(countId, '6901234567892', 3);
  expect(stock.recount({ countId, productIds: [cola.id] })).toEqual({
    ok: true,
    value: { products: 1 },
  });
  scan(countId, '6901234567892', 10);
  expect(stock.recount({ countId, productIds: [soap.id] })).toMatchObject({
    ok: false,
    code: 'NOT_IN_COUNT_SCOPE',
  });
  const blocked = stock.approveCount({ countId, approvedBy: staff });
  expect(blocked).toMatchObject({ ok: false, code: 'UNCOUNTED_ITEMS', details: { skus: ['TEA'] } });
  expect(
    db.prepare(`SELECT COUNT(*) AS n FROM stock_facts WHERE source_type = 'count'`).get(),
  ).toEqual({ n: 0 });
  const r = stock.approveCount({ countId, approvedBy: staff, uncountedAsZero: true });
  expect(r.ok && r.value.lines.find((l) => l.sku === 'COLA')).toMatchObject({
    counted: 10,
    round: 2,
    variance: 0,
  });
  expect(stock.projector.quantity(storeId, tea.id)).toBe(0);
  expect(stock.projector.quantity(storeId, cola.id)).toBe(10);
});

test('starting a count with bad input or twice is refused and changes nothing', () => {
  const countId = ulid();
  expect(stock.startCount({ countId, staffId: staff, scope: { kind: 'shelf' } })).toMatchObject({
    ok: false,
    code: 'VALIDATION_FAILED',
  });
  expect(
    stock.startCount({
      countId,
      staffId: staff,
      scope: { kind: 'zone', zone: 'B', productIds: [ulid()] },
    }),
  ).toMatchObject({ ok: false, code: 'UNKNOWN_PRODUCT' });
  expect(db.prepare(`SELECT COUNT(*) AS n FROM stock_counts`).get()).toEqual({ n: 0 });
  expect(
    stock.startCount({ countId, staffId: staff, scope: { kind: 'category', categoryId: drinks } })
      .ok,
  ).toBe(true);
  expect(
    stock.startCount({ countId, staffId: staff, scope: { kind: 'category', categoryId: drinks } }),
  ).toMatchObject({ ok: false, code: 'DUPLICATE_RECEIPT' });
  expect(stock.cancelCount(countId)).toMatchObject({ ok: true, value: { status: 'cancelled' } });
});
