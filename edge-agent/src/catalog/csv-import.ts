import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  categorySchema,
  issuesOf,
  parseYuan,
  priceSchema,
  productSchema,
  ulid,
  type Category,
  type Price,
  type Product,
} from '@mendian/protocol';
import type { EdgeDatabase } from '../db/edge-database.js';
import { parseCsvLine } from './csv.js';
import { pinyinInitials } from './pinyin.js';

/** Columns of the store catalog CSV (header row required, any order; * = required). */
export const CSV_COLUMNS = [
  'sku*',
  'barcodes',
  'name_zh*',
  'name_en',
  'unit*',
  'sold_by*',
  'price*',
  'member_price',
  'tax_rate*',
  'category',
  'plu',
  'brand',
] as const;

export interface RejectedRow {
  line: number;
  reason: string;
}

export interface ImportReport {
  imported: number;
  rejected: RejectedRow[];
  categoriesCreated: number;
  ms: number;
}

export interface ImportOptions {
  storeId: string;
  batchSize?: number;
  onProgress?: (linesRead: number, imported: number, rejected: number) => void;
  now?: () => number;
}

const REQUIRED = CSV_COLUMNS.filter((c) => c.endsWith('*')).map((c) => c.slice(0, -1));

/**
 * Imports a store's catalog from CSV: products, the store's regular and member prices, and the
 * categories named in it. A bad row is rejected with its line number and reason; every good row
 * is imported. Re-importing updates products by SKU instead of duplicating them.
 */
export async function importCatalogCsv(
  db: EdgeDatabase,
  file: string,
  opts: ImportOptions,
): Promise<ImportReport> {
  const t0 = performance.now();
  const now = opts.now ?? Date.now;
  const batchSize = opts.batchSize ?? 2000;
  const rejected: RejectedRow[] = [];
  let imported = 0;
  let categoriesCreated = 0;

  const existing = new Map<string, string>();
  for (const d of await db.rx.products.find().exec()) existing.set(d.sku, d.id);
  const categories = new Map<string, string>();
  for (const d of await db.rx.categories.find().exec()) categories.set(d.code, d.id);
  const seenSkus = new Map<string, number>();
  // The store's own prices by product and kind: re-importing replaces them instead of adding.
  const priceIds = new Map<string, string>();
  for (const d of await db.rx.prices.find({ selector: { storeId: opts.storeId } }).exec()) {
    priceIds.set(`${d.productId}:${d.kind}`, d.id);
  }

  let products: Product[] = [];
  let prices: Price[] = [];
  let newCategories: Category[] = [];
  const flush = async () => {
    if (newCategories.length) await db.rx.categories.bulkUpsert(newCategories);
    if (products.length) await db.rx.products.bulkUpsert(products);
    if (prices.length) await db.rx.prices.bulkUpsert(prices);
    categoriesCreated += newCategories.length;
    imported += products.length;
    products = [];
    prices = [];
    newCategories = [];
  };

  const lines = createInterface({
    input: createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let header: string[] | null = null;
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    const text = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    const cells = parseCsvLine(text);
    if (!header) {
      header = (cells ?? []).map((h) => h.trim().toLowerCase());
      const missing = REQUIRED.filter((c) => !header!.includes(c));
      if (missing.length) {
        rejected.push({ line: 1, reason: `header lacks column(s): ${missing.join(', ')}` });
        break;
      }
      continue;
    }
    const reject = (reason: string) => rejected.push({ line: lineNo, reason });
    if (!cells) {
      reject('unterminated quote or text after a quoted field');
      continue;
    }
    if (cells.length !== header.length) {
      reject(`${cells.length} fields, header has ${header.length}`);
      continue;
    }
    const col = (name: string) => cells[header!.indexOf(name)] ?? '';
    const sku = col('sku');
    const dup = seenSkus.get(sku);
    if (dup !== undefined) {
      reject(`SKU ${sku} already on line ${dup}`);
      continue;
    }
    let price: number;
    let memberPrice: number | null = null;
    let taxRate: number;
    try {
      price = parseYuan(col('price'));
      if (col('member_price') !== '') memberPrice = parseYuan(col('member_price'));
      const tax = /^(\d{1,2})(?:\.(\d{1,2}))?%?$/.exec(col('tax_rate'));
      if (!tax) throw new Error(`tax_rate "${col('tax_rate')}" must be a percentage like 13 or 9`);
      taxRate = Number(tax[1]) * 100 + Number((tax[2] ?? '').padEnd(2, '0'));
    } catch (e) {
      reject((e as Error).message);
      continue;
    }
    if (price < 0 || (memberPrice !== null && memberPrice < 0)) {
      reject('prices must not be negative');
      continue;
    }
    let categoryId: string | null = null;
    const catCode = col('category');
    if (catCode !== '') {
      categoryId = categories.get(catCode) ?? null;
      if (categoryId === null) {
        const c = categorySchema.safeParse({
          schemaVersion: 1,
          id: ulid(),
          code: catCode,
          name: { zh: catCode },
          parentId: null,
          updatedAt: now(),
        });
        if (!c.success) {
          reject(
            `category "${catCode}": ${issuesOf(c.error)
              .map((i) => i.message)
              .join('; ')}`,
          );
          continue;
        }
        categories.set(catCode, c.data.id);
        newCategories.push(c.data);
        categoryId = c.data.id;
      }
    }
    const id = existing.get(sku) ?? ulid();
    const soldBy = col('sold_by');
    const p = productSchema.safeParse({
      schemaVersion: 1,
      id,
      sku,
      name: { zh: col('name_zh'), ...(col('name_en') ? { en: col('name_en') } : {}) },
      pinyinInitials: pinyinInitials(col('name_zh')),
      barcodes:
        col('barcodes') === ''
          ? []
          : col('barcodes')
              .split(/[|;]/)
              .map((b) => b.trim())
              .filter(Boolean),
      ...(col('plu') ? { plu: col('plu') } : {}),
      unit: col('unit'),
      soldBy,
      taxRate,
      categoryId,
      ...(col('brand') ? { brand: col('brand') } : {}),
      ownerStoreId: opts.storeId,
      active: true,
      updatedAt: now(),
    });
    if (!p.success) {
      reject(
        issuesOf(p.error)
          .map((i) => `${i.path}: ${i.message}`)
          .join('; '),
      );
      continue;
    }
    seenSkus.set(sku, lineNo);
    products.push(p.data);
    const priceDoc = (kind: 'regular' | 'member', amount: number) =>
      priceSchema.parse({
        schemaVersion: 1,
        id: priceIds.get(`${id}:${kind}`) ?? ulid(),
        productId: id,
        storeId: opts.storeId,
        kind,
        amount,
        validFrom: 0,
        validTo: null,
        updatedAt: now(),
      });
    prices.push(priceDoc('regular', price));
    if (memberPrice !== null) prices.push(priceDoc('member', memberPrice));
    if (products.length >= batchSize) {
      await flush();
      opts.onProgress?.(lineNo, imported, rejected.length);
    }
  }
  if (!header) rejected.push({ line: 1, reason: 'empty file: no header row' });
  await flush();
  opts.onProgress?.(lineNo, imported, rejected.length);
  return { imported, rejected, categoriesCreated, ms: performance.now() - t0 };
}
