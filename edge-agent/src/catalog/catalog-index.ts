import type { Category, Product } from '@mendian/protocol';

/** Numeric retail codes are keyed as GTIN-14, so EAN-13, UPC-A and GTIN-14 scans all match. */
export function barcodeKey(code: string): string {
  return /^(\d{8}|\d{12,14})$/.test(code) ? code.padStart(14, '0') : code;
}

export interface SearchHit {
  product: Product;
  score: number;
}

/**
 * The catalog held in memory for the till: products by id, barcode, SKU, PLU and category. Kept in
 * step with the products collection by `put`/`remove` on every change, so a scan is a map read.
 */
export class CatalogIndex {
  private readonly byId = new Map<string, Product>();
  private readonly byBarcode = new Map<string, string>();
  private readonly bySku = new Map<string, string>();
  private readonly byPlu = new Map<string, string>();
  private readonly categories = new Map<string, Category>();

  get size(): number {
    return this.byId.size;
  }

  put(p: Product): void {
    const old = this.byId.get(p.id);
    if (old) this.unindex(old);
    this.byId.set(p.id, p);
    for (const b of p.barcodes) this.byBarcode.set(barcodeKey(b), p.id);
    this.bySku.set(p.sku, p.id);
    if (p.plu !== undefined) this.byPlu.set(p.plu, p.id);
  }

  remove(id: string): void {
    const old = this.byId.get(id);
    if (!old) return;
    this.unindex(old);
    this.byId.delete(id);
  }

  private unindex(p: Product): void {
    for (const b of p.barcodes)
      if (this.byBarcode.get(barcodeKey(b)) === p.id) this.byBarcode.delete(barcodeKey(b));
    if (this.bySku.get(p.sku) === p.id) this.bySku.delete(p.sku);
    if (p.plu !== undefined && this.byPlu.get(p.plu) === p.id) this.byPlu.delete(p.plu);
  }

  putCategory(c: Category): void {
    this.categories.set(c.id, c);
  }

  get(id: string): Product | undefined {
    return this.byId.get(id);
  }

  byBarcodeText(code: string): Product | undefined {
    const id = this.byBarcode.get(barcodeKey(code));
    return id === undefined ? undefined : this.byId.get(id);
  }

  bySkuText(sku: string): Product | undefined {
    const id = this.bySku.get(sku);
    return id === undefined ? undefined : this.byId.get(id);
  }

  byPluText(plu: string): Product | undefined {
    // Scale labels carry the PLU zero-padded to the layout's width.
    const id = this.byPlu.get(plu) ?? this.byPlu.get(plu.replace(/^0+(?=\d{4})/, ''));
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** The category and its ancestors, nearest first, for promotion targets. */
  categoryPath(categoryId: string | null): string[] {
    const out: string[] = [];
    let id = categoryId;
    while (id !== null && !out.includes(id)) {
      out.push(id);
      id = this.categories.get(id)?.parentId ?? null;
    }
    return out;
  }

  inCategory(categoryId: string, limit = 200): Product[] {
    const out: Product[] = [];
    for (const p of this.byId.values()) {
      if (!p.active || p.categoryId === null) continue;
      if (this.categoryPath(p.categoryId).includes(categoryId)) out.push(p);
      if (out.length >= limit) break;
    }
    return out;
  }

  /**
   * Search by name, pinyin initials (NFSQ for 农夫山泉), SKU or barcode prefix. Exact code matches
   * first, then initials prefix, then name substring; ties by SKU so results are stable.
   */
  search(query: string, limit = 20): Product[] {
    const q = query.trim();
    if (q === '') return [];
    const upper = q.toUpperCase();
    const hits: SearchHit[] = [];
    for (const p of this.byId.values()) {
      if (!p.active) continue;
      let score = 0;
      if (p.sku === q || p.barcodes.includes(q)) score = 100;
      else if (p.pinyinInitials.startsWith(upper))
        score = 50 - Math.min(40, p.pinyinInitials.length - upper.length);
      else if (p.name.zh.includes(q)) score = 30;
      else if (p.name.en?.toUpperCase().includes(upper)) score = 20;
      else if (p.pinyinInitials.includes(upper)) score = 10;
      if (score > 0) hits.push({ product: p, score });
    }
    hits.sort((a, b) => b.score - a.score || (a.product.sku < b.product.sku ? -1 : 1));
    return hits.slice(0, limit).map((h) => h.product);
  }

  products(): IterableIterator<Product> {
    return this.byId.values();
  }
}
