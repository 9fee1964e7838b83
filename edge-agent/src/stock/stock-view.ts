import type { StockContext } from './context.js';
import type { IndexedProduct, ProductIndex } from './product-index.js';
import type { StockLevel, StockProjector } from './projection.js';

const DAY_MS = 86_400_000;

/**
 * What smart shelves report (the shelves module owns it): units on the shelf now, from weight.
 * Null when no shelf watches the product.
 */
export interface ShelfStockPort {
  onShelf(productId: string): { quantity: number; at: number } | null;
}

export interface StockViewLine {
  product: IndexedProduct;
  quantity: number;
  negative: boolean;
  lastMovement: StockLevel['lastMovement'] | null;
  /** Net units sold in the last 7 days and today (store-local days are the UI's concern). */
  recentSales: { last24h: number; last7d: number };
  /** Where shelves report it: on the shelf, and the rest in the back room. */
  location: { onShelf: number; backroom: number; at: number } | null;
}

export class StockView {
  constructor(
    private readonly ctx: StockContext,
    private readonly products: ProductIndex,
    private readonly projector: StockProjector,
    private readonly shelves: ShelfStockPort | null,
  ) {}

  search(text: string, limit = 20): StockViewLine[] {
    return this.products.search(text, Math.min(Math.max(1, limit), 200)).map((p) => this.line(p));
  }

  forProduct(productId: string): StockViewLine | null {
    const p = this.products.get(productId);
    return p ? this.line(p) : null;
  }

  private line(product: IndexedProduct): StockViewLine {
    const level = this.projector.level(this.ctx.storeId, product.productId);
    const now = this.ctx.now();
    const sales = this.ctx.db
      .prepare(
        `SELECT COALESCE(-SUM(CASE WHEN created_at >= ? THEN delta END), 0) AS d1,
          COALESCE(-SUM(delta), 0) AS d7 FROM stock_facts
         WHERE product_id = ? AND store_id = ? AND kind IN ('sale', 'return') AND created_at >= ?`,
      )
      .get(now - DAY_MS, product.productId, this.ctx.storeId, now - 7 * DAY_MS) as {
      d1: number;
      d7: number;
    };
    const quantity = level?.quantity ?? 0;
    const shelf = this.shelves?.onShelf(product.productId) ?? null;
    return {
      product,
      quantity,
      negative: quantity < 0,
      lastMovement: level?.lastMovement ?? null,
      recentSales: { last24h: sales.d1, last7d: sales.d7 },
      location: shelf
        ? {
            onShelf: shelf.quantity,
            backroom: Math.max(0, quantity - shelf.quantity),
            at: shelf.at,
          }
        : null,
    };
  }
}
