import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { ulid, type Product, type StockDocument } from '@mendian/protocol';
import type { StockService } from '../../src/stock/stock-service.js';
import type Database from 'better-sqlite3';
import { levelsFromFacts, order, product, projected, service, tempDir } from './helpers.js';

const tmp = tempDir('stock-mv');
afterAll(() => tmp.cleanup());

const storeA = ulid();
const storeB = ulid();
const staff = ulid();
let db: Database.Database;
let stock: StockService;
let cola: Product;
let water: Product;

function purchase(lines: { p: Product; quantity: number }[], to = storeA): StockDocument {
  return {
    schemaVersion: 1,
    id: ulid(),
    kind: 'purchase',
    docNo: `PO-${Math.random().toString(36).slice(2, 8)}`,
    fromStoreId: null,
    toStoreId: to,
    supplier: '农夫山泉华东',
    lines: lines.map((l) => ({ productId: l.p.id, sku: l.p.sku, quantity: l.quantity })),
    createdAt: 1,
    createdBy: null,
  };
}

/** Snapshot of every table a rejected operation must leave untouched. */
function tables() {
  return ['stock_facts', 'stock_levels', 'stock_documents', 'stock_receipts'].map((t) =>
    db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all(),
  );
}

beforeEach(() => {
  ({ db, stock } = service(`${tmp.dir}/${ulid()}.db`, storeA));
  cola = product({
    sku: 'COLA',
    name: { zh: '可口可乐' },
    pinyinInitials: 'KKKL',
    barcodes: ['6901234567892'],
  });
  water = product({ sku: 'WATER', name: { zh: '农夫山泉' }, pinyinInitials: 'NFSQ' });
  stock.products.upsert([cola, water]);
});

describe('orders', () => {
  test('a sale lowers stock, may go negative (flagged) and is never applied twice', () => {
    const sale = order(storeA, 'sale', [{ product: cola, quantity: 3 }]);
    expect(stock.applyOrder(sale)).toEqual({ ok: true, value: { inserted: 1, duplicates: 0 } });
    expect(stock.applyOrder(sale)).toEqual({ ok: true, value: { inserted: 0, duplicates: 1 } });
    const level = stock.projector.level(storeA, cola.id)!;
    expect(level.quantity).toBe(-3);
    expect(level.negative).toBe(true);
    expect(stock.projector.negativeLevels(storeA).map((l) => l.sku)).toEqual(['COLA']);
  });

  test('verify finds a projection that differs from the facts; rebuild repairs it', () => {
    stock.applyOrder(order(storeA, 'sale', [{ product: cola, quantity: 3 }]));
    expect(stock.projector.verify()).toMatchObject({ facts: 1, levels: 1, mismatches: [] });
    db.prepare(`UPDATE stock_levels SET quantity = 7`).run();
    expect(stock.projector.verify().mismatches).toMatchObject([
      { productId: cola.id, stored: { quantity: 7 }, expected: { quantity: -3 } },
    ]);
    expect(stock.projector.rebuild()).toEqual({ facts: 1, levels: 1 });
    expect(stock.projector.verify().mismatches).toEqual([]);
    expect(stock.projector.quantity(storeA, cola.id)).toBe(-3);
  });

  test('a damaged return comes back and is written off: sellable stock does not rise', () => {
    stock.applyOrder(
      order(storeA, 'sale', [
        { product: cola, quantity: 2 },
        { product: water, quantity: 1 },
      ]),
    );
    stock.applyOrder(
      order(storeA, 'return', [
        { product: cola, quantity: 1, restock: 'damaged' },
        { product: water, quantity: 1, restock: 'sellable' },
      ]),
    );
    expect(projected(db)).toEqual({ [cola.id]: -2, [water.id]: 0 });
    const kinds = db
      .prepare(`SELECT kind, reason FROM stock_facts WHERE product_id = ?`)
      .all(cola.id);
    expect(kinds).toEqual([
      { kind: 'sale', reason: null },
      { kind: 'return', reason: 'damaged' },
      { kind: 'adjustment', reason: 'damaged' },
    ]);
    const ids = db.prepare(`SELECT id FROM stock_facts WHERE kind = 'return' ORDER BY id`).all();
    expect(ids).toEqual([
      { id: expect.stringMatching(/^stk:[0-9A-Z]{26}:1$/) as unknown },
      { id: expect.stringMatching(/^stk:[0-9A-Z]{26}:2$/) as unknown },
    ]);
  });

  test('an invalid order or another store’s order is rejected and changes nothing', () => {
    const before = tables();
    const bad = { ...order(storeA, 'sale', [{ product: cola, quantity: 1 }]), total: 5 };
    const r = stock.applyOrder(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe('VALIDATION_FAILED');
    const other = stock.applyOrder(order(storeB, 'sale', [{ product: cola, quantity: 1 }]));
    expect(other).toMatchObject({ ok: false, code: 'WRONG_STORE' });
    expect(tables()).toEqual(before);
  });
});

describe('goods receiving', () => {
  test('partial receipts add up, over-delivery is marked, the document closes when complete', () => {
    const po = purchase([
      { p: cola, quantity: 10 },
      { p: water, quantity: 5 },
    ]);
    expect(stock.documents.importFromHq([po])).toBe(1);
    const first = stock.receive({
      receiptId: ulid(),
      documentId: po.id,
      staffId: staff,
      lines: [{ productId: cola.id, quantity: 6 }],
    });
    expect(first).toMatchObject({
      ok: true,
      value: {
        status: 'partial',
        outstanding: [
          { productId: cola.id, quantity: 4 },
          { productId: water.id, quantity: 5 },
        ],
      },
    });
    const second = stock.receive({
      receiptId: ulid(),
      documentId: po.id,
      staffId: staff,
      lines: [
        { productId: cola.id, quantity: 7 },
        { productId: water.id, quantity: 5 },
      ],
    });
    expect(second).toMatchObject({
      ok: true,
      value: {
        status: 'received',
        overDelivered: [{ productId: cola.id, quantity: 3 }],
        outstanding: [],
      },
    });
    expect(projected(db)).toEqual({ [cola.id]: 13, [water.id]: 5 });
    const over = db.prepare(`SELECT delta FROM stock_facts WHERE reason = 'overDelivery'`).all();
    expect(over).toEqual([{ delta: 3 }]);
    // A received document is closed: a third delivery against it is refused.
    const third = stock.receive({
      receiptId: ulid(),
      documentId: po.id,
      staffId: staff,
      lines: [{ productId: cola.id, quantity: 1 }],
    });
    expect(third).toMatchObject({ ok: false, code: 'DOCUMENT_CLOSED' });
  });

  test('closing a short delivery notes the under-delivery', () => {
    const po = purchase([{ p: cola, quantity: 10 }]);
    stock.documents.importFromHq([po]);
    const r = stock.receive({
      receiptId: ulid(),
      documentId: po.id,
      staffId: staff,
      lines: [{ productId: cola.id, quantity: 8 }],
      closeDocument: true,
    });
    expect(r).toMatchObject({ ok: true, value: { status: 'closed' } });
    expect(stock.documents.get(po.id)?.closedNote).toEqual([{ productId: cola.id, shortBy: 2 }]);
  });

  test('receiving the same receipt twice is refused with the earlier result, nothing doubles', () => {
    const po = purchase([{ p: cola, quantity: 10 }]);
    stock.documents.importFromHq([po]);
    const input = {
      receiptId: ulid(),
      documentId: po.id,
      staffId: staff,
      lines: [{ productId: cola.id, quantity: 4 }],
    };
    expect(stock.receive(input).ok).toBe(true);
    const before = tables();
    const again = stock.receive(input);
    expect(again).toMatchObject({
      ok: false,
      code: 'DUPLICATE_RECEIPT',
      details: { earlier: { status: 'partial' } },
    });
    expect(tables()).toEqual(before);
    expect(stock.projector.quantity(storeA, cola.id)).toBe(4);
  });

  test('a document for another store is refused, unless the manager takes it in explicitly', () => {
    const po = purchase([{ p: cola, quantity: 5 }], storeB);
    stock.documents.importFromHq([po]);
    const before = tables();
    const input = {
      receiptId: ulid(),
      documentId: po.id,
      staffId: staff,
      lines: [{ productId: cola.id, quantity: 5 }],
    };
    expect(stock.receive(input)).toMatchObject({
      ok: false,
      code: 'WRONG_STORE',
      details: { intendedStoreId: storeB },
    });
    expect(tables()).toEqual(before);
    const taken = stock.receive({ ...input, acceptMisdelivery: { reason: '司机送错门店' } });
    expect(taken.ok).toBe(true);
    const f = db.prepare(`SELECT reason, note FROM stock_facts`).get() as {
      reason: string;
      note: string;
    };
    expect(f.reason).toBe('misdelivered');
    expect(f.note).toContain(storeB);
  });

  test('bad input is refused with a code naming the field; unknown product and document too', () => {
    const before = tables();
    const bad = stock.receive({
      receiptId: 'x',
      documentId: null,
      staffId: staff,
      lines: [{ productId: cola.id, quantity: 0 }],
    });
    expect(bad).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    if (!bad.ok) expect(bad.message).toMatch(/receiptId.*lines\[0\]\.quantity/);
    expect(
      stock.receive({
        receiptId: ulid(),
        documentId: null,
        staffId: staff,
        lines: [{ productId: ulid(), quantity: 1 }],
      }),
    ).toMatchObject({ ok: false, code: 'UNKNOWN_PRODUCT' });
    expect(
      stock.receive({
        receiptId: ulid(),
        documentId: ulid(),
        staffId: staff,
        lines: [{ productId: cola.id, quantity: 1 }],
      }),
    ).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(tables()).toEqual(before);
    expect(() =>
      stock.documents.importFromHq([{ ...purchase([{ p: cola, quantity: 1 }]), lines: [] }]),
    ).toThrow(/lines/);
  });

  test('an ad hoc delivery is a receipt without a document', () => {
    const r = stock.receive({
      receiptId: ulid(),
      documentId: null,
      staffId: staff,
      lines: [{ productId: water.id, quantity: 12 }],
      note: '临时补货',
    });
    expect(r).toMatchObject({ ok: true, value: { status: 'adHoc', movements: 1 } });
    expect(stock.projector.quantity(storeA, water.id)).toBe(12);
  });
});

describe('adjustments and transfers', () => {
  test('adjustments carry who and why; a resubmitted adjustment is refused', () => {
    const adjustmentId = ulid();
    const input = {
      adjustmentId,
      staffId: staff,
      lines: [
        { productId: cola.id, quantityDelta: -2, reason: 'damaged' },
        { productId: water.id, quantityDelta: -1, reason: 'sampling' },
      ],
    };
    expect(stock.adjust(input)).toEqual({ ok: true, value: { adjustmentId, movements: 2 } });
    expect(stock.adjust(input)).toMatchObject({ ok: false, code: 'DUPLICATE_RECEIPT' });
    expect(
      stock.adjust({
        ...input,
        adjustmentId: ulid(),
        lines: [{ productId: cola.id, quantityDelta: -1, reason: 'lost' }],
      }),
    ).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    const rows = db.prepare(`SELECT staff_id, reason, delta FROM stock_facts ORDER BY seq`).all();
    expect(rows).toEqual([
      { staff_id: staff, reason: 'damaged', delta: -2 },
      { staff_id: staff, reason: 'sampling', delta: -1 },
    ]);
  });

  test('a transfer leaves store A in transit and arrives at store B against the same document', () => {
    const transferId = ulid();
    const sent = stock.transferOut({
      transferId,
      docNo: 'TR-0001',
      toStoreId: storeB,
      staffId: staff,
      lines: [{ productId: cola.id, quantity: 4 }],
    });
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    expect(stock.documents.get(transferId)?.status).toBe('inTransit');
    expect(stock.projector.quantity(storeA, cola.id)).toBe(-4);
    expect(
      stock.transferOut({
        transferId,
        docNo: 'TR-0001',
        toStoreId: storeB,
        staffId: staff,
        lines: [{ productId: cola.id, quantity: 4 }],
      }),
    ).toMatchObject({ ok: false, code: 'DUPLICATE_RECEIPT' });
    // Store A cannot receive its own outbound transfer.
    expect(
      stock.receive({
        receiptId: ulid(),
        documentId: transferId,
        staffId: staff,
        lines: [{ productId: cola.id, quantity: 4 }],
      }),
    ).toMatchObject({ ok: false, code: 'WRONG_STORE' });

    const b = service(`${tmp.dir}/${ulid()}-b.db`, storeB);
    b.stock.products.upsert([cola, water]);
    b.stock.documents.importFromHq([sent.value.document]);
    const got = b.stock.receive({
      receiptId: ulid(),
      documentId: transferId,
      staffId: staff,
      lines: [{ productId: cola.id, quantity: 4 }],
    });
    expect(got).toMatchObject({ ok: true, value: { status: 'received' } });
    expect(b.stock.projector.quantity(storeB, cola.id)).toBe(4);
    expect(levelsFromFacts(b.db)).toEqual({ [cola.id]: 4 });
    b.db.close();
  });
});
