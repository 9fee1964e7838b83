import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ulid, type Order, type Product } from '@mendian/protocol';
import { StockService, type StockServiceOptions } from '../../src/stock/stock-service.js';

export function tempDir(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), `mendian-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openDb(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return db;
}

export function product(over: Partial<Product> & { sku: string }): Product {
  return {
    schemaVersion: 1,
    id: ulid(),
    name: { zh: `商品${over.sku}` },
    pinyinInitials: 'SP',
    barcodes: [],
    unit: 'piece',
    soldBy: 'piece',
    taxRate: 1300,
    categoryId: null,
    ownerStoreId: null,
    active: true,
    updatedAt: 1,
    ...over,
  };
}

/** A valid sale (or return) of the given lines at 1 yuan each. */
export function order(
  storeId: string,
  kind: 'sale' | 'return',
  lines: { product: Product; quantity: number; restock?: 'sellable' | 'damaged' }[],
  createdAt = Date.now(),
  returnOf: string | null = null,
): Order {
  const ls = lines.map((l, i) => ({
    lineId: String(i + 1),
    productId: l.product.id,
    sku: l.product.sku,
    name: l.product.name,
    soldBy: l.product.soldBy,
    quantity: l.quantity,
    unitPrice: 100,
    grossAmount: 100 * l.quantity,
    discounts: [],
    netAmount: 100 * l.quantity,
    taxRate: 1300,
    taxAmount: 0,
    ...(l.restock ? { restock: l.restock } : {}),
  }));
  const total = ls.reduce((s, l) => s + l.netAmount, 0);
  return {
    schemaVersion: 1,
    id: ulid(),
    kind,
    storeId,
    storeCode: 'SH001',
    laneCode: '01',
    receiptNo: 'SH001-01-00000001',
    cashierId: ulid(),
    shiftId: ulid(),
    memberId: null,
    lines: ls,
    subtotal: total,
    discountTotal: 0,
    rounding: 0,
    total,
    payments: [{ paymentId: ulid(), method: 'cash', amount: total, at: createdAt }],
    pointsEarned: 0,
    pointsRedeemed: 0,
    returnOf: kind === 'return' ? (returnOf ?? ulid()) : null,
    approvals: [],
    createdAt,
  };
}

export function service(
  file: string,
  storeId: string,
  over: Partial<StockServiceOptions> = {},
): { db: Database.Database; stock: StockService } {
  const db = openDb(file);
  return { db, stock: new StockService({ db, storeId, ...over }) };
}

/** Sum of the facts per product, computed independently of the projector (plain SQL). */
export function levelsFromFacts(db: Database.Database): Record<string, number> {
  const rows = db
    .prepare(`SELECT product_id, SUM(delta) AS q FROM stock_facts GROUP BY product_id`)
    .all() as { product_id: string; q: number }[];
  return Object.fromEntries(rows.map((r) => [r.product_id, r.q]));
}

export function projected(db: Database.Database): Record<string, number> {
  const rows = db.prepare(`SELECT product_id, quantity FROM stock_levels`).all() as {
    product_id: string;
    quantity: number;
  }[];
  return Object.fromEntries(rows.map((r) => [r.product_id, r.quantity]));
}
