import type Database from 'better-sqlite3';
import { safeParse, stockDocumentSchema, type StockDocument } from '@mendian/protocol';

export type DocumentStatus = 'open' | 'partial' | 'received' | 'closed' | 'inTransit';

export interface StoredDocument {
  document: StockDocument;
  /** inbound: this store receives it; outbound: this store sent it; foreign: neither. */
  direction: 'inbound' | 'outbound' | 'foreign';
  status: DocumentStatus;
  /** What was still outstanding when the manager closed it (under-delivery). */
  closedNote: { productId: string; shortBy: number }[] | null;
}

interface DocRow {
  doc: string;
  direction: StoredDocument['direction'];
  status: DocumentStatus;
  closed_note: string | null;
}

/** Purchase and transfer documents this store knows, with their receiving status. */
export class StockDocuments {
  constructor(
    private readonly db: Database.Database,
    private readonly storeId: string,
  ) {}

  directionOf(d: StockDocument): StoredDocument['direction'] {
    if (d.toStoreId === this.storeId) return 'inbound';
    if (d.fromStoreId === this.storeId) return 'outbound';
    return 'foreign';
  }

  /**
   * Documents from HQ. All are validated before any is stored. A document already known keeps its
   * receiving status: HQ resending it does not reopen a closed delivery.
   */
  importFromHq(documents: readonly unknown[]): number {
    const parsed = documents.map((d, i) => {
      const r = safeParse(stockDocumentSchema, d, `stock document [${i}]`);
      if (!r.ok) throw r.error;
      return r.value;
    });
    const put = this.db.prepare(
      `INSERT OR IGNORE INTO stock_documents (id, kind, direction, doc, status, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const run = this.db.transaction(() => {
      let n = 0;
      for (const d of parsed) {
        const direction = this.directionOf(d);
        const status = direction === 'outbound' ? 'inTransit' : 'open';
        n += put.run(d.id, d.kind, direction, JSON.stringify(d), status, d.createdAt).changes;
      }
      return n;
    });
    return run();
  }

  insertOwn(d: StockDocument, status: DocumentStatus): void {
    this.db
      .prepare(
        `INSERT INTO stock_documents (id, kind, direction, doc, status, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(d.id, d.kind, this.directionOf(d), JSON.stringify(d), status, d.createdAt);
  }

  get(id: string): StoredDocument | null {
    const r = this.db
      .prepare(`SELECT doc, direction, status, closed_note FROM stock_documents WHERE id = ?`)
      .get(id) as DocRow | undefined;
    if (!r) return null;
    return {
      document: JSON.parse(r.doc) as StockDocument,
      direction: r.direction,
      status: r.status,
      closedNote: r.closed_note === null ? null : (JSON.parse(r.closed_note) as []),
    };
  }

  list(status?: DocumentStatus): StoredDocument[] {
    const ids = (
      status
        ? this.db.prepare(`SELECT id FROM stock_documents WHERE status = ? ORDER BY id`).all(status)
        : this.db.prepare(`SELECT id FROM stock_documents ORDER BY id`).all()
    ) as { id: string }[];
    return ids.map((r) => this.get(r.id)).filter((d): d is StoredDocument => d !== null);
  }

  setStatus(
    id: string,
    status: DocumentStatus,
    at: number,
    closedNote?: StoredDocument['closedNote'],
  ): void {
    this.db
      .prepare(
        `UPDATE stock_documents SET status = ?, closed_note = COALESCE(?, closed_note),
         updated_at = ? WHERE id = ?`,
      )
      .run(status, closedNote ? JSON.stringify(closedNote) : null, at, id);
  }
}
