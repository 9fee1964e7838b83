import type Database from 'better-sqlite3';
import { orderSchema, safeParse, ulid, type Order, type Result } from '@mendian/protocol';
import { adjustStock } from './adjustments.js';
import type { StockContext } from './context.js';
import { approveCount, varianceReport } from './count-report.js';
import {
  cancelCount,
  loadSession,
  recount,
  scanCount,
  startCount,
  undoScan,
  type CountDeps,
} from './count-sessions.js';
import { StockDocuments } from './documents.js';
import type { StockFailureCode } from './errors.js';
import { StockFactLog } from './fact-log.js';
import { StockThresholds } from './low-stock.js';
import type { OrderFeedPort } from './order-feed.js';
import { movementsFromOrder } from './order-movements.js';
import { ProductIndex } from './product-index.js';
import { StockProjector } from './projection.js';
import { receiveGoods } from './receiving.js';
import { migrateStock } from './stock-schema.js';
import { StockView, type ShelfStockPort } from './stock-view.js';
import { transferOut } from './transfers.js';

export interface StockServiceOptions {
  db: Database.Database;
  storeId: string;
  now?: () => number;
  newId?: () => string;
  shelves?: ShelfStockPort;
  orderFeed?: OrderFeedPort;
}

const ORDER_CURSOR = 'orders';

/**
 * The store manager's stock: one object wiring the fact log, the projection and the operations
 * over one SQLite database. Every write operation appends facts, then brings the projection up to
 * date; the projection may lag after a crash and `recover()` (run at start) closes the gap.
 */
export class StockService {
  readonly ctx: StockContext;
  readonly facts: StockFactLog;
  readonly projector: StockProjector;
  readonly products: ProductIndex;
  readonly documents: StockDocuments;
  readonly thresholds: StockThresholds;
  readonly view: StockView;
  private readonly orderFeed: OrderFeedPort | null;

  constructor(options: StockServiceOptions) {
    migrateStock(options.db);
    this.ctx = {
      db: options.db,
      storeId: options.storeId,
      now: options.now ?? Date.now,
      newId: options.newId ?? (() => ulid()),
    };
    this.facts = new StockFactLog(options.db);
    this.projector = new StockProjector(options.db);
    this.products = new ProductIndex(options.db);
    this.documents = new StockDocuments(options.db, options.storeId);
    this.thresholds = new StockThresholds(this.ctx, this.products);
    this.view = new StockView(this.ctx, this.products, this.projector, options.shelves ?? null);
    this.orderFeed = options.orderFeed ?? null;
  }

  private get deps(): CountDeps & { documents: StockDocuments } {
    return {
      ctx: this.ctx,
      facts: this.facts,
      products: this.products,
      projector: this.projector,
      documents: this.documents,
    };
  }

  private after<T>(r: T): T {
    this.projector.catchUp();
    return r;
  }

  /** At start: derive movements of orders committed before a crash, then catch the projection up. */
  recover(): { orders: number; facts: number } {
    const orders = this.deriveFromOrderFeed();
    return { orders, facts: this.projector.catchUp() };
  }

  /**
   * Records the stock effect of a committed order. Idempotent (derived ids); the checkout calls
   * it right after commit, and `recover()` re-derives anything a crash cut off.
   */
  applyOrder(order: unknown): Result<{ inserted: number; duplicates: number }, StockFailureCode> {
    const parsed = safeParse(orderSchema, order, 'order');
    if (!parsed.ok) {
      return {
        ok: false,
        code: 'VALIDATION_FAILED',
        message: parsed.error.message,
        details: parsed.error.issues,
      };
    }
    if (parsed.value.storeId !== this.ctx.storeId) {
      return { ok: false, code: 'WRONG_STORE', message: 'the order belongs to another store' };
    }
    const out = this.facts.append(movementsFromOrder(parsed.value));
    this.projector.catchUp();
    return { ok: true, value: { inserted: out.inserted, duplicates: out.duplicates.length } };
  }

  private deriveFromOrderFeed(): number {
    if (!this.orderFeed) return 0;
    const getCursor = this.ctx.db.prepare(`SELECT position FROM stock_checkpoints WHERE name = ?`);
    const setCursor = this.ctx.db.prepare(
      `INSERT INTO stock_checkpoints (name, position) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
    );
    let total = 0;
    for (;;) {
      const row = getCursor.get(ORDER_CURSOR) as { position: string } | undefined;
      const page = this.orderFeed.ordersAfter(row?.position ?? null, 500);
      if (page.orders.length === 0) return total;
      this.ctx.db.transaction((orders: Order[], cursor: string | null) => {
        for (const o of orders) {
          if (o.storeId === this.ctx.storeId) this.facts.append(movementsFromOrder(o));
        }
        if (cursor !== null) setCursor.run(ORDER_CURSOR, cursor);
      })(page.orders, page.cursor);
      total += page.orders.length;
    }
  }

  receive(input: unknown) {
    return this.after(receiveGoods(this.deps, input));
  }
  adjust(input: unknown) {
    return this.after(adjustStock(this.deps, input));
  }
  transferOut(input: unknown) {
    return this.after(transferOut(this.deps, input));
  }
  startCount(input: unknown) {
    return startCount(this.deps, input);
  }
  scan(input: unknown) {
    return scanCount(this.deps, input);
  }
  undoScan(input: unknown) {
    return undoScan(this.deps, input);
  }
  recount(input: unknown) {
    return recount(this.deps, input);
  }
  cancelCount(countId: string) {
    return cancelCount(this.deps, countId);
  }
  count(countId: string) {
    return loadSession(this.ctx, countId);
  }
  varianceReport(countId: string) {
    return varianceReport(this.deps, countId);
  }
  approveCount(input: unknown) {
    return this.after(approveCount(this.deps, input));
  }
}
