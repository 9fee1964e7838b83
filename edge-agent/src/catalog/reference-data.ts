import { normalizeMangoQuery, prepareQuery, type RxCollection } from 'rxdb';
import type { Subscription } from 'rxjs';
import type { Category, Price, Product, Promotion } from '@mendian/protocol';
import type { EdgeDatabase } from '../db/edge-database.js';
import { stripMeta } from '../db/plain.js';
import { PriceBook } from '../pricing/price-book.js';
import { CatalogIndex } from './catalog-index.js';

const META_FIELDS = ['_meta', '_rev', '_deleted', '_attachments'] as const;

interface SqliteInternals {
  table: string;
  db: { prepare(sql: string): { raw(on: boolean): { all(): unknown[][] } } };
}

function sqliteInternals(internals: unknown): SqliteInternals | null {
  const i = internals as Partial<SqliteInternals> | null;
  return i && typeof i.table === 'string' && typeof i.db?.prepare === 'function'
    ? (i as SqliteInternals)
    : null;
}

/**
 * Every live document of a collection. On the Mendian SQLite storage it reads the collection's
 * table through the storage's exported internals in one statement (a mango query over 100,000
 * documents costs seconds; this costs a JSON.parse each); on any other storage, a query.
 */
async function loadAll<T>(collection: RxCollection<T>): Promise<T[]> {
  const sql = sqliteInternals(collection.internalStorageInstance.internals);
  if (sql) {
    const rows = sql.db
      .prepare(`SELECT data FROM "${sql.table.replace(/"/g, '""')}" WHERE deleted = 0`)
      .raw(true)
      .all();
    return rows.map((r) => {
      // Fresh objects from JSON.parse: drop RxDB's meta fields in place instead of copying.
      const doc = JSON.parse(r[0] as string) as Record<string, unknown>;
      for (const k of META_FIELDS) delete doc[k];
      return doc as T;
    });
  }
  const schema = collection.schema.jsonSchema;
  const query = prepareQuery(schema, normalizeMangoQuery(schema, { selector: {} }));
  const r = await collection.storageInstance.query(query);
  return r.documents.map((d) => stripMeta(d as Record<string, unknown>) as T);
}

/**
 * The reference data the till reads on every scan, held in memory: catalog index, price book and
 * the store's promotions. Loaded once at start and kept in step with each collection's change
 * stream (replication from HQ, CSV import, local items) until `stop`.
 */
export class ReferenceData {
  readonly catalog = new CatalogIndex();
  readonly prices: PriceBook;
  private readonly promos = new Map<string, Promotion>();
  private subs: Subscription[] = [];

  constructor(
    private readonly db: EdgeDatabase,
    readonly storeId: string,
  ) {
    this.prices = new PriceBook(storeId);
  }

  promotions(): Promotion[] {
    return [...this.promos.values()];
  }

  private putPromotion(p: Promotion): void {
    if (p.storeIds === null || p.storeIds.includes(this.storeId)) this.promos.set(p.id, p);
    else this.promos.delete(p.id);
  }

  async start(): Promise<void> {
    const { rx } = this.db;
    // Subscribe first so nothing written during the load is missed; puts are idempotent.
    this.subs = [
      rx.products.$.subscribe((ev) => {
        if (ev.operation === 'DELETE') this.catalog.remove(ev.documentId);
        else this.catalog.put(stripMeta(ev.documentData) as Product);
      }),
      rx.prices.$.subscribe((ev) => {
        const doc = stripMeta(ev.documentData ?? ev.previousDocumentData) as Price;
        if (ev.operation === 'DELETE') this.prices.remove(doc);
        else this.prices.put(doc);
      }),
      rx.promotions.$.subscribe((ev) => {
        if (ev.operation === 'DELETE') this.promos.delete(ev.documentId);
        else this.putPromotion(stripMeta(ev.documentData) as Promotion);
      }),
      rx.categories.$.subscribe((ev) => {
        if (ev.operation !== 'DELETE')
          this.catalog.putCategory(stripMeta(ev.documentData) as Category);
      }),
    ];
    const [products, prices, promotions, categories] = await Promise.all([
      loadAll(rx.products),
      loadAll(rx.prices),
      loadAll(rx.promotions),
      loadAll(rx.categories),
    ]);
    for (const c of categories) this.catalog.putCategory(c);
    for (const p of products) this.catalog.put(p);
    for (const p of prices) this.prices.put(p);
    for (const p of promotions) this.putPromotion(p);
  }

  stop(): void {
    for (const s of this.subs) s.unsubscribe();
    this.subs = [];
  }
}
