import type Database from 'better-sqlite3';
import { stockMovementSchema, safeParse, type StockMovement } from '@mendian/protocol';

/** A movement as stored, with the log position the projection checkpoints against. */
export interface StoredMovement extends StockMovement {
  seq: number;
}

export interface AppendOutcome {
  inserted: number;
  /** Ids already in the log: a retried derivation or a replayed request, left untouched. */
  duplicates: string[];
}

interface FactRow {
  seq: number;
  id: string;
  store_id: string;
  product_id: string;
  sku: string;
  kind: StockMovement['kind'];
  delta: number;
  reason: string | null;
  source_type: StockMovement['sourceType'];
  source_id: string | null;
  location: StockMovement['location'];
  staff_id: string | null;
  note: string | null;
  created_at: number;
}

export function rowToMovement(r: FactRow): StoredMovement {
  return {
    schemaVersion: 1,
    seq: r.seq,
    id: r.id,
    storeId: r.store_id,
    productId: r.product_id,
    sku: r.sku,
    kind: r.kind,
    quantityDelta: r.delta,
    reason: r.reason,
    sourceType: r.source_type,
    sourceId: r.source_id,
    location: r.location,
    staffId: r.staff_id,
    ...(r.note === null ? {} : { note: r.note }),
    createdAt: r.created_at,
  };
}

/**
 * The insert-only log of stock movements. Facts are validated against the protocol schema before
 * any is written; a batch is one transaction, so a bad element rejects the batch and writes nothing.
 */
export class StockFactLog {
  private readonly insert: Database.Statement;
  private readonly since: Database.Statement;
  private readonly bySource: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO stock_facts (id, store_id, product_id, sku, kind, delta, reason,
        source_type, source_id, location, staff_id, note, created_at)
       VALUES (@id, @storeId, @productId, @sku, @kind, @quantityDelta, @reason, @sourceType,
        @sourceId, @location, @staffId, @note, @createdAt)`,
    );
    this.since = db.prepare(`SELECT * FROM stock_facts WHERE seq > ? ORDER BY seq LIMIT ?`);
    this.bySource = db.prepare(
      `SELECT * FROM stock_facts WHERE source_type = ? AND source_id = ? ORDER BY seq`,
    );
  }

  /** Validates every movement; throws a ValidationError naming the first bad one's fields. */
  validate(movements: readonly unknown[]): StockMovement[] {
    return movements.map((m, i) => {
      const r = safeParse(stockMovementSchema, m, `stock movement [${i}]`);
      if (!r.ok) throw r.error;
      return r.value;
    });
  }

  /** Appends inside the caller's transaction (or its own). Idempotent by movement id. */
  append(movements: readonly StockMovement[]): AppendOutcome {
    const run = this.db.transaction((ms: readonly StockMovement[]) => {
      const out: AppendOutcome = { inserted: 0, duplicates: [] };
      for (const m of ms) {
        const r = this.insert.run({ ...m, note: m.note ?? null });
        if (r.changes === 1) out.inserted++;
        else out.duplicates.push(m.id);
      }
      return out;
    });
    return run(movements);
  }

  readSince(seq: number, limit: number): StoredMovement[] {
    return (this.since.all(seq, limit) as FactRow[]).map(rowToMovement);
  }

  /** Raw rows for the projector's hot loop (no object reshaping). */
  iterateSince(seq: number): IterableIterator<FactRow> {
    return this.db
      .prepare(`SELECT * FROM stock_facts WHERE seq > ? ORDER BY seq`)
      .iterate(seq) as IterableIterator<FactRow>;
  }

  bySourceDocument(sourceType: StockMovement['sourceType'], sourceId: string): StoredMovement[] {
    return (this.bySource.all(sourceType, sourceId) as FactRow[]).map(rowToMovement);
  }

  lastSeq(): number {
    const r = this.db.prepare(`SELECT COALESCE(MAX(seq), 0) AS s FROM stock_facts`).get() as {
      s: number;
    };
    return r.s;
  }
}

export type { FactRow };
