import { fail, ok, safeParse, stockThresholdSchema, type Result } from '@mendian/protocol';
import type { StockContext } from './context.js';
import type { StockFailureCode } from './errors.js';
import { thresholdInput } from './inputs.js';
import type { ProductIndex } from './product-index.js';

const DAY_MS = 86_400_000;

export interface Threshold {
  productId: string;
  minLevel: number;
  maxLevel: number | null;
  source: 'hq' | 'local';
}

export interface LowStockLine {
  productId: string;
  sku: string;
  name: { zh: string; en?: string };
  quantity: number;
  threshold: Threshold;
}

export interface ReorderSuggestion extends LowStockLine {
  /** Net units sold per day over the velocity window. */
  dailySales: number;
  /** Days the current stock lasts at that pace (null when nothing sells). */
  daysOfCover: number | null;
  suggestedQuantity: number;
  why: 'belowMin' | 'runsOutWithinLeadTime';
}

export interface ReorderOptions {
  /** How many days of sales the velocity is taken over. */
  velocityDays: number;
  /** Days until an order placed now arrives. */
  leadTimeDays: number;
  /** Days of sales an order should cover beyond the minimum when no max level is set. */
  coverDays: number;
}

export const DEFAULT_REORDER: ReorderOptions = { velocityDays: 14, leadTimeDays: 2, coverDays: 7 };

/** Per-product thresholds: HQ's defaults and the store's own, the store's winning. */
export class StockThresholds {
  constructor(
    private readonly ctx: StockContext,
    private readonly products: ProductIndex,
  ) {}

  /** Thresholds from HQ; those of other stores are ignored. Validated all before any is written. */
  importFromHq(docs: readonly unknown[]): number {
    const parsed = docs.map((d, i) => {
      const r = safeParse(stockThresholdSchema, d, `stock threshold [${i}]`);
      if (!r.ok) throw r.error;
      return r.value;
    });
    const put = this.ctx.db.prepare(
      `INSERT INTO stock_thresholds (product_id, source, min_level, max_level, updated_at)
       VALUES (?, 'hq', ?, ?, ?) ON CONFLICT (product_id, source) DO UPDATE SET
       min_level = excluded.min_level, max_level = excluded.max_level,
       updated_at = excluded.updated_at WHERE excluded.updated_at >= stock_thresholds.updated_at`,
    );
    const run = this.ctx.db.transaction(() => {
      let n = 0;
      for (const t of parsed) {
        if (t.storeId !== this.ctx.storeId) continue;
        n += put.run(t.productId, t.minLevel, t.maxLevel, t.updatedAt).changes;
      }
      return n;
    });
    return run();
  }

  setLocal(input: unknown): Result<Threshold, StockFailureCode> {
    const parsed = safeParse(thresholdInput, input, 'stock threshold');
    if (!parsed.ok) return fail('VALIDATION_FAILED', parsed.error.message, parsed.error.issues);
    const t = parsed.value;
    if (t.maxLevel !== null && t.maxLevel <= t.minLevel) {
      return fail('VALIDATION_FAILED', 'maxLevel must be above minLevel');
    }
    if (!this.products.get(t.productId)) {
      return fail('UNKNOWN_PRODUCT', `product ${t.productId} is not in the catalog`);
    }
    this.ctx.db
      .prepare(
        `INSERT INTO stock_thresholds (product_id, source, min_level, max_level, updated_at)
         VALUES (?, 'local', ?, ?, ?) ON CONFLICT (product_id, source) DO UPDATE SET
         min_level = excluded.min_level, max_level = excluded.max_level,
         updated_at = excluded.updated_at`,
      )
      .run(t.productId, t.minLevel, t.maxLevel, this.ctx.now());
    return ok({ ...t, source: 'local' });
  }

  /** Removes the store's own threshold, so HQ's applies again. */
  clearLocal(productId: string): boolean {
    return (
      this.ctx.db
        .prepare(`DELETE FROM stock_thresholds WHERE product_id = ? AND source = 'local'`)
        .run(productId).changes === 1
    );
  }

  effective(productId: string): Threshold | null {
    const r = this.ctx.db
      .prepare(
        `SELECT product_id, source, min_level, max_level FROM stock_thresholds WHERE product_id = ?
         ORDER BY CASE source WHEN 'local' THEN 0 ELSE 1 END LIMIT 1`,
      )
      .get(productId) as
      | { product_id: string; source: 'hq' | 'local'; min_level: number; max_level: number | null }
      | undefined;
    return r
      ? { productId: r.product_id, source: r.source, minLevel: r.min_level, maxLevel: r.max_level }
      : null;
  }

  /** Every product with an effective threshold, its level and its sales over `since`. */
  private candidates(since: number) {
    return this.ctx.db
      .prepare(
        `WITH eff AS (
           SELECT product_id, source, min_level, max_level FROM stock_thresholds t
           WHERE source = 'local' OR NOT EXISTS (SELECT 1 FROM stock_thresholds l
             WHERE l.product_id = t.product_id AND l.source = 'local'))
         SELECT e.product_id, e.source, e.min_level, e.max_level, p.sku, p.name_zh, p.name_en,
           COALESCE(l.quantity, 0) AS quantity,
           COALESCE((SELECT -SUM(delta) FROM stock_facts f WHERE f.product_id = e.product_id
             AND f.store_id = ? AND f.kind IN ('sale', 'return') AND f.created_at >= ?), 0) AS sold
         FROM eff e JOIN stock_products p ON p.product_id = e.product_id
         LEFT JOIN stock_levels l ON l.product_id = e.product_id AND l.store_id = ?
         ORDER BY p.sku`,
      )
      .all(this.ctx.storeId, since, this.ctx.storeId) as {
      product_id: string;
      source: 'hq' | 'local';
      min_level: number;
      max_level: number | null;
      sku: string;
      name_zh: string;
      name_en: string | null;
      quantity: number;
      sold: number;
    }[];
  }

  lowStock(): LowStockLine[] {
    return this.candidates(this.ctx.now())
      .filter((c) => c.quantity <= c.min_level)
      .map((c) => this.line(c));
  }

  reorderSuggestions(options: ReorderOptions = DEFAULT_REORDER): ReorderSuggestion[] {
    const since = this.ctx.now() - options.velocityDays * DAY_MS;
    const out: ReorderSuggestion[] = [];
    for (const c of this.candidates(since)) {
      const daily = Math.max(0, c.sold) / options.velocityDays;
      const belowMin = c.quantity <= c.min_level;
      const runsOut = c.quantity - daily * options.leadTimeDays <= c.min_level;
      if (!belowMin && !runsOut) continue;
      const target =
        c.max_level ??
        Math.ceil(c.min_level + daily * (options.leadTimeDays + options.coverDays)) + 1;
      const suggested = Math.max(1, target - c.quantity);
      out.push({
        ...this.line(c),
        dailySales: Math.round(daily * 100) / 100,
        daysOfCover: daily > 0 ? Math.round((Math.max(0, c.quantity) / daily) * 10) / 10 : null,
        suggestedQuantity: suggested,
        why: belowMin ? 'belowMin' : 'runsOutWithinLeadTime',
      });
    }
    return out;
  }

  private line(c: ReturnType<StockThresholds['candidates']>[number]): LowStockLine {
    return {
      productId: c.product_id,
      sku: c.sku,
      name: c.name_en === null ? { zh: c.name_zh } : { zh: c.name_zh, en: c.name_en },
      quantity: c.quantity,
      threshold: {
        productId: c.product_id,
        minLevel: c.min_level,
        maxLevel: c.max_level,
        source: c.source,
      },
    };
  }
}
