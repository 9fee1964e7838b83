import type Database from 'better-sqlite3';
import { productSchema, safeParse, type Product } from '@mendian/protocol';

export interface IndexedProduct {
  productId: string;
  sku: string;
  name: { zh: string; en?: string };
  pinyinInitials: string;
  categoryId: string | null;
  soldBy: Product['soldBy'];
  active: boolean;
}

interface ProductRow {
  product_id: string;
  sku: string;
  name_zh: string;
  name_en: string | null;
  pinyin: string;
  category_id: string | null;
  sold_by: Product['soldBy'];
  active: number;
}

function toIndexed(r: ProductRow): IndexedProduct {
  return {
    productId: r.product_id,
    sku: r.sku,
    name: r.name_en === null ? { zh: r.name_zh } : { zh: r.name_zh, en: r.name_en },
    pinyinInitials: r.pinyin,
    categoryId: r.category_id,
    soldBy: r.sold_by,
    active: r.active === 1,
  };
}

/**
 * Two-character grams of a name, lower-cased. Chinese product searches are mostly two characters
 * (可乐, 牛奶), too short for SQLite's trigram FTS, so the index keeps bigrams: a name search seeks
 * the candidates of one gram instead of scanning every product.
 */
export function nameGrams(text: string): string[] {
  const chars = [...text.toLowerCase()];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return [...out];
}

/** LIKE with the user's text taken literally (a '%' typed by a user is not a wildcard). */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The stock module's own index of the catalog (products and barcodes), fed from the catalog's
 * reference documents as they replicate. It exists so the stock view can search 100,000 SKUs by
 * name, pinyin initials, barcode or SKU with SQLite indexes, and so scanning in a count resolves a
 * barcode without depending on the checkout's catalog code.
 */
export class ProductIndex {
  constructor(private readonly db: Database.Database) {}

  /** Validates all, then writes all in one transaction (HQ wins: a newer document replaces). */
  upsert(products: readonly unknown[]): number {
    const parsed = products.map((p, i) => {
      const r = safeParse(productSchema, p, `product [${i}]`);
      if (!r.ok) throw r.error;
      return r.value;
    });
    const put = this.db.prepare(
      `INSERT INTO stock_products (product_id, sku, name_zh, name_en, pinyin, category_id, sold_by,
        active, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (product_id) DO UPDATE SET sku = excluded.sku, name_zh = excluded.name_zh,
        name_en = excluded.name_en, pinyin = excluded.pinyin, category_id = excluded.category_id,
        sold_by = excluded.sold_by, active = excluded.active, updated_at = excluded.updated_at
       WHERE excluded.updated_at >= stock_products.updated_at`,
    );
    const dropCodes = this.db.prepare(`DELETE FROM stock_barcodes WHERE product_id = ?`);
    const putCode = this.db.prepare(
      `INSERT OR IGNORE INTO stock_barcodes (barcode, product_id) VALUES (?, ?)`,
    );
    const dropGrams = this.db.prepare(`DELETE FROM stock_name_grams WHERE product_id = ?`);
    const putGram = this.db.prepare(
      `INSERT OR IGNORE INTO stock_name_grams (gram, product_id) VALUES (?, ?)`,
    );
    const run = this.db.transaction((ps: readonly Product[]) => {
      let changed = 0;
      for (const p of ps) {
        const r = put.run(
          p.id,
          p.sku,
          p.name.zh,
          p.name.en ?? null,
          p.pinyinInitials,
          p.categoryId,
          p.soldBy,
          p.active ? 1 : 0,
          p.updatedAt,
        );
        if (r.changes === 0) continue;
        changed++;
        dropCodes.run(p.id);
        for (const code of p.barcodes) putCode.run(code, p.id);
        dropGrams.run(p.id);
        for (const g of nameGrams(`${p.name.zh}\u0000${p.name.en ?? ''}`)) {
          if (!g.includes('\u0000')) putGram.run(g, p.id);
        }
      }
      return changed;
    });
    return run(parsed);
  }

  get(productId: string): IndexedProduct | null {
    const r = this.db
      .prepare(`SELECT * FROM stock_products WHERE product_id = ?`)
      .get(productId) as ProductRow | undefined;
    return r ? toIndexed(r) : null;
  }

  /** Every product a barcode identifies (normally one; a shared code lists all). */
  byBarcode(code: string): IndexedProduct[] {
    return (
      this.db
        .prepare(
          `SELECT p.* FROM stock_barcodes b JOIN stock_products p ON p.product_id = b.product_id
           WHERE b.barcode = ?`,
        )
        .all(code) as ProductRow[]
    ).map(toIndexed);
  }

  bySku(sku: string): IndexedProduct | null {
    const r = this.db.prepare(`SELECT * FROM stock_products WHERE sku = ?`).get(sku) as
      ProductRow | undefined;
    return r ? toIndexed(r) : null;
  }

  inCategory(categoryId: string): IndexedProduct[] {
    return (
      this.db
        .prepare(`SELECT * FROM stock_products WHERE category_id = ? AND active = 1 ORDER BY sku`)
        .all(categoryId) as ProductRow[]
    ).map(toIndexed);
  }

  /**
   * Search by what a manager types: an exact barcode, a SKU prefix, pinyin initials (农夫山泉 →
   * "NFSQ", or its start) or part of the name. Exact barcode and SKU matches come first.
   */
  search(text: string, limit: number): IndexedProduct[] {
    const q = text.trim();
    if (q === '') return [];
    const seen = new Set<string>();
    const out: IndexedProduct[] = [];
    const add = (rows: ProductRow[]) => {
      for (const r of rows) {
        if (out.length >= limit) return;
        if (seen.has(r.product_id)) continue;
        seen.add(r.product_id);
        out.push(toIndexed(r));
      }
    };
    for (const p of this.byBarcode(q)) {
      if (!seen.has(p.productId) && out.length < limit) {
        seen.add(p.productId);
        out.push(p);
      }
    }
    // Range scans on the indexes instead of LIKE so a prefix search stays an index seek.
    const prefixRange = (column: 'sku' | 'pinyin', value: string) =>
      this.db
        .prepare(
          `SELECT * FROM stock_products WHERE ${column} >= ? AND ${column} < ? ORDER BY ${column}
           LIMIT ?`,
        )
        .all(value, `${value}\uffff`, limit) as ProductRow[];
    add(prefixRange('sku', q));
    if (/^[A-Za-z0-9]+$/.test(q)) add(prefixRange('pinyin', q.toUpperCase()));
    // A scanned or typed barcode that matched is the answer; it is not also a name fragment.
    if (out.length > 0 && /^\d{8,}$/.test(q)) return out;
    if (out.length < limit) {
      const like = `%${likeLiteral(q)}%`;
      const grams = nameGrams(q);
      const rows =
        grams.length === 0
          ? // One character: no gram to seek by, so scan the names.
            (this.db
              .prepare(
                `SELECT * FROM stock_products WHERE name_zh LIKE ? ESCAPE '\\'
                 OR name_en LIKE ? ESCAPE '\\' LIMIT ?`,
              )
              .all(like, like, limit) as ProductRow[])
          : (this.db
              .prepare(
                `SELECT p.* FROM stock_name_grams g JOIN stock_products p
                  ON p.product_id = g.product_id
                 WHERE g.gram = ? AND (p.name_zh LIKE ? ESCAPE '\\' OR p.name_en LIKE ? ESCAPE '\\')
                 LIMIT ?`,
              )
              .all(this.rarestGram(grams), like, like, limit) as ProductRow[]);
      add(rows);
    }
    return out;
  }

  /** The gram with the fewest products (capped count, so a common gram costs little to measure). */
  private rarestGram(grams: readonly string[]): string {
    if (grams.length === 1) return grams[0]!;
    const count = this.db.prepare(
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM stock_name_grams WHERE gram = ? LIMIT 2000)`,
    );
    let best = grams[0]!;
    let bestN = Infinity;
    for (const g of grams) {
      const n = (count.get(g) as { n: number }).n;
      if (n < bestN) {
        best = g;
        bestN = n;
      }
      if (n === 0) break;
    }
    return best;
  }
}
