import type Database from 'better-sqlite3';
import type { StockMovement } from '@mendian/protocol';

export interface StockLevel {
  storeId: string;
  productId: string;
  sku: string;
  quantity: number;
  /** Negative stock is allowed (a sale is never blocked) and flagged for the manager. */
  negative: boolean;
  lastMovement: { seq: number; kind: StockMovement['kind']; reason: string | null; at: number };
}

interface LevelRow {
  store_id: string;
  product_id: string;
  sku: string;
  quantity: number;
  last_seq: number;
  last_kind: StockMovement['kind'];
  last_reason: string | null;
  last_at: number;
}

function toLevel(r: LevelRow): StockLevel {
  return {
    storeId: r.store_id,
    productId: r.product_id,
    sku: r.sku,
    quantity: r.quantity,
    negative: r.quantity < 0,
    lastMovement: { seq: r.last_seq, kind: r.last_kind, reason: r.last_reason, at: r.last_at },
  };
}

const CHECKPOINT = 'projection';

function sameLevel(a: LevelRow, b: LevelRow): boolean {
  return (
    a.sku === b.sku &&
    a.quantity === b.quantity &&
    a.last_seq === b.last_seq &&
    a.last_kind === b.last_kind &&
    a.last_reason === b.last_reason &&
    a.last_at === b.last_at
  );
}
// Facts per catch-up transaction: bounds how long a catch-up after a long outage holds the write
// lock (sales wait on it) while letting many facts of one product collapse into one write.
const BATCH = 100_000;

/**
 * Stock level per store and product, projected from `stock_facts`. The levels and the checkpoint
 * (the last applied fact seq) change in one transaction, so after a crash the projection is
 * exactly "all facts up to the checkpoint" and catching up from there is exact: a fact is applied
 * once or not at all. `rebuild` recomputes everything from the facts.
 */
export class StockProjector {
  private readonly upsert: Database.Statement;
  private readonly getCp: Database.Statement;
  private readonly setCp: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.upsert = db.prepare(
      `INSERT INTO stock_levels (store_id, product_id, sku, quantity, last_seq, last_kind,
        last_reason, last_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (store_id, product_id) DO UPDATE SET
        quantity = quantity + excluded.quantity, sku = excluded.sku,
        last_seq = excluded.last_seq, last_kind = excluded.last_kind,
        last_reason = excluded.last_reason, last_at = excluded.last_at`,
    );
    this.getCp = db.prepare(`SELECT position FROM stock_checkpoints WHERE name = ?`);
    this.setCp = db.prepare(
      `INSERT INTO stock_checkpoints (name, position) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
    );
  }

  checkpoint(): number {
    const r = this.getCp.get(CHECKPOINT) as { position: string } | undefined;
    return r ? Number(r.position) : 0;
  }

  /**
   * Applies every fact after the checkpoint; returns how many were applied. Each batch is one
   * INSERT … SELECT … GROUP BY inside SQLite: one write per product however many facts it had,
   * with the last movement taken from the product's highest seq (SQLite's bare-column rule for
   * max()).
   */
  catchUp(): number {
    const bound = this.db.prepare(
      `SELECT MAX(seq) AS upTo, COUNT(*) AS n FROM
        (SELECT seq FROM stock_facts WHERE seq > ? ORDER BY seq LIMIT ?)`,
    );
    const apply = this.db.prepare(
      `INSERT INTO stock_levels (store_id, product_id, sku, quantity, last_seq, last_kind,
         last_reason, last_at)
       SELECT store_id, product_id, sku, SUM(delta), MAX(seq), kind, reason, created_at
       FROM stock_facts WHERE seq > ? AND seq <= ? GROUP BY store_id, product_id
       ON CONFLICT (store_id, product_id) DO UPDATE SET
        quantity = quantity + excluded.quantity, sku = excluded.sku,
        last_seq = excluded.last_seq, last_kind = excluded.last_kind,
        last_reason = excluded.last_reason, last_at = excluded.last_at`,
    );
    const step = this.db.transaction(() => {
      const from = this.checkpoint();
      const { upTo, n } = bound.get(from, BATCH) as { upTo: number | null; n: number };
      if (upTo === null || n === 0) return 0;
      apply.run(from, upTo);
      this.setCp.run(CHECKPOINT, String(upTo));
      return n;
    });
    let total = 0;
    for (let n = step(); n > 0; n = step()) total += n;
    return total;
  }

  /** Drops the projection and recomputes it from every fact, atomically (readers never see it half-built). */
  rebuild(): { facts: number; levels: number } {
    return this.db.transaction(() => {
      this.db.prepare(`DELETE FROM stock_levels`).run();
      this.setCp.run(CHECKPOINT, '0');
      const facts = this.catchUp();
      const levels = (
        this.db.prepare(`SELECT COUNT(*) AS n FROM stock_levels`).get() as { n: number }
      ).n;
      return { facts, levels };
    })();
  }

  /**
   * Recomputes every level from the facts in memory, by a second, independent implementation
   * (stream each fact into a map; one entry per product), and lists where the stored projection
   * differs. Empty = the projection is exactly the facts up to its checkpoint. The crash test and
   * an operator's stock audit use it.
   */
  verify(): {
    facts: number;
    levels: number;
    mismatches: { productId: string; stored: unknown; expected: unknown }[];
  } {
    const upTo = this.checkpoint();
    const acc = new Map<string, LevelRow>();
    let facts = 0;
    const it = this.db
      .prepare(
        `SELECT seq, store_id, product_id, sku, kind, delta, reason, created_at
         FROM stock_facts WHERE seq <= ? ORDER BY seq`,
      )
      .raw()
      .iterate(upTo) as IterableIterator<
      [number, string, string, string, StockMovement['kind'], number, string | null, number]
    >;
    for (const [seq, storeId, productId, sku, kind, delta, reason, at] of it) {
      facts++;
      const key = `${storeId}\u0000${productId}`;
      const cur = acc.get(key);
      if (cur) {
        cur.quantity += delta;
        cur.sku = sku;
        cur.last_seq = seq;
        cur.last_kind = kind;
        cur.last_reason = reason;
        cur.last_at = at;
      } else {
        acc.set(key, {
          store_id: storeId,
          product_id: productId,
          sku,
          quantity: delta,
          last_seq: seq,
          last_kind: kind,
          last_reason: reason,
          last_at: at,
        });
      }
    }
    const mismatches: { productId: string; stored: unknown; expected: unknown }[] = [];
    const stored = this.db
      .prepare(`SELECT * FROM stock_levels`)
      .iterate() as IterableIterator<LevelRow>;
    let levels = 0;
    for (const row of stored) {
      levels++;
      const key = `${row.store_id}\u0000${row.product_id}`;
      const expected = acc.get(key);
      acc.delete(key);
      if (!expected || !sameLevel(expected, row)) {
        mismatches.push({ productId: row.product_id, stored: row, expected: expected ?? null });
      }
    }
    for (const missing of acc.values()) {
      mismatches.push({ productId: missing.product_id, stored: null, expected: missing });
    }
    return { facts, levels, mismatches };
  }

  level(storeId: string, productId: string): StockLevel | null {
    const r = this.db
      .prepare(`SELECT * FROM stock_levels WHERE store_id = ? AND product_id = ?`)
      .get(storeId, productId) as LevelRow | undefined;
    return r ? toLevel(r) : null;
  }

  /** Quantity only (0 for a product that never moved). */
  quantity(storeId: string, productId: string): number {
    return this.level(storeId, productId)?.quantity ?? 0;
  }

  levels(storeId: string): StockLevel[] {
    return (
      this.db
        .prepare(`SELECT * FROM stock_levels WHERE store_id = ? ORDER BY product_id`)
        .all(storeId) as LevelRow[]
    ).map(toLevel);
  }

  negativeLevels(storeId: string): StockLevel[] {
    return (
      this.db
        .prepare(`SELECT * FROM stock_levels WHERE store_id = ? AND quantity < 0 ORDER BY sku`)
        .all(storeId) as LevelRow[]
    ).map(toLevel);
  }
}
