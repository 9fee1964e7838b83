import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ulid } from '@mendian/protocol';
import type { JsonObject } from '../content.js';
import { StorageError } from '../errors.js';
import { DROP_STATEMENTS, schemaStatements } from './sql-schema.js';
import type {
  FeedState,
  PulledRow,
  PullQuery,
  StoreRecord,
  StoredRow,
  SyncStorage,
  SyncTx,
} from './types.js';

export interface SqliteStorageOptions {
  /** Path of the database file (created with its directory). */
  file: string;
  now?: () => number;
}

interface DocRow {
  id: string;
  doc: string;
  seq: number;
  owner_store: string | null;
}

/**
 * SQLite backend. One writer connection runs transactions one at a time (BEGIN IMMEDIATE), so the
 * per-feed counter bumped inside them hands out cursors in commit order. Pulls read through a
 * second connection (WAL), so they never see a transaction that has not committed yet.
 */
export class SqliteSyncStorage implements SyncStorage {
  readonly backend = 'sqlite' as const;
  private readonly writer: Database.Database;
  private readonly reader: Database.Database;
  private readonly events = new EventEmitter();
  private readonly now: () => number;
  private queue: Promise<unknown> = Promise.resolve();
  private currentEpoch = '';

  constructor(options: SqliteStorageOptions) {
    mkdirSync(dirname(options.file), { recursive: true });
    this.now = options.now ?? Date.now;
    this.writer = new Database(options.file);
    this.writer.pragma('journal_mode = WAL');
    this.writer.pragma('synchronous = NORMAL');
    this.writer.pragma('busy_timeout = 5000');
    this.createSchema();
    this.reader = new Database(options.file, { readonly: true });
    this.reader.pragma('busy_timeout = 5000');
    this.events.setMaxListeners(0);
  }

  private createSchema(): void {
    for (const s of schemaStatements('sqlite')) this.writer.exec(s);
    const row = this.writer.prepare(`SELECT value FROM meta WHERE key = 'epoch'`).get() as
      { value: string } | undefined;
    if (row) {
      this.currentEpoch = row.value;
    } else {
      this.currentEpoch = ulid();
      this.writer
        .prepare(`INSERT INTO meta (key, value) VALUES ('epoch', ?)`)
        .run(this.currentEpoch);
    }
  }

  epoch(): string {
    return this.currentEpoch;
  }

  /** Runs `fn` after every earlier transaction settled: the single-writer queue. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  transaction<T>(fn: (tx: SyncTx) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const changed = new Set<string>();
      this.writer.exec('BEGIN IMMEDIATE');
      let result: T;
      try {
        result = await fn(this.txApi(changed));
        this.writer.exec('COMMIT');
      } catch (err) {
        if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
        throw err;
      }
      if (changed.size > 0) this.events.emit('commit', [...changed]);
      return result;
    });
  }

  private bump(collection: string, count: number): number {
    this.writer
      .prepare(`INSERT INTO feeds (collection) VALUES (?) ON CONFLICT (collection) DO NOTHING`)
      .run(collection);
    const r = this.writer
      .prepare(`UPDATE feeds SET seq = seq + ? WHERE collection = ? RETURNING seq`)
      .get(count, collection) as { seq: number };
    return r.seq - count;
  }

  private txApi(changed: Set<string>): SyncTx {
    const db = this.writer;
    return {
      lockFeeds: () => Promise.resolve(),
      getMany: (collection, ids) => Promise.resolve(this.getMany(db, collection, ids)),
      write: (collection, rows) => {
        if (rows.length === 0) return Promise.resolve();
        let seq = this.bump(collection, rows.length);
        const now = this.now();
        const upsert = db.prepare(
          `INSERT INTO docs (collection, id, seq, doc, deleted, owner_store, audience_all, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (collection, id) DO UPDATE SET seq = excluded.seq, doc = excluded.doc,
             deleted = excluded.deleted, owner_store = excluded.owner_store,
             audience_all = excluded.audience_all, updated_at = excluded.updated_at`,
        );
        const clear = db.prepare(
          `DELETE FROM doc_audience WHERE collection = ? AND doc_id = ? AND source = 'doc'`,
        );
        const add = db.prepare(
          `INSERT OR IGNORE INTO doc_audience (collection, doc_id, store_id, source)
           VALUES (?, ?, ?, 'doc')`,
        );
        for (const r of rows) {
          seq += 1;
          upsert.run(
            collection,
            r.id,
            seq,
            JSON.stringify(r.doc),
            r.doc._deleted === true ? 1 : 0,
            r.ownerStoreId,
            r.audience === 'all' ? 1 : 0,
            now,
          );
          clear.run(collection, r.id);
          if (r.audience !== 'all') for (const s of r.audience) add.run(collection, r.id, s);
        }
        changed.add(collection);
        return Promise.resolve();
      },
      grant: (collection, id, storeId) => {
        db.prepare(
          `INSERT OR IGNORE INTO doc_audience (collection, doc_id, store_id, source)
           VALUES (?, ?, ?, 'grant')`,
        ).run(collection, id, storeId);
        const seq = this.bump(collection, 1) + 1;
        db.prepare(`UPDATE docs SET seq = ? WHERE collection = ? AND id = ?`).run(
          seq,
          collection,
          id,
        );
        changed.add(collection);
        return Promise.resolve();
      },
    };
  }

  private getMany(
    db: Database.Database,
    collection: string,
    ids: readonly string[],
  ): Map<string, StoredRow> {
    const out = new Map<string, StoredRow>();
    if (ids.length === 0) return out;
    const grants = db.prepare(
      `SELECT store_id FROM doc_audience WHERE collection = ? AND doc_id = ? AND source = 'grant'`,
    );
    // Chunked: SQLite limits bound parameters per statement.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = db
        .prepare(
          `SELECT id, doc, seq, owner_store FROM docs
           WHERE collection = ? AND id IN (${chunk.map(() => '?').join(',')})`,
        )
        .all(collection, ...chunk) as DocRow[];
      for (const r of rows) {
        const g = grants.all(collection, r.id) as { store_id: string }[];
        out.set(
          r.id,
          toStored(
            r,
            g.map((x) => x.store_id),
          ),
        );
      }
    }
    return out;
  }

  pull(collection: string, q: PullQuery): Promise<PulledRow[]> {
    const rows =
      q.storeId === null
        ? (this.reader
            .prepare(
              `SELECT doc, seq FROM docs WHERE collection = ? AND seq > ? ORDER BY seq LIMIT ?`,
            )
            .all(collection, q.afterSeq, q.limit) as { doc: string; seq: number }[])
        : (this.reader
            .prepare(
              `SELECT d.doc, d.seq FROM docs d
               WHERE d.collection = ? AND d.seq > ?
                 AND (d.audience_all = 1 OR EXISTS (
                   SELECT 1 FROM doc_audience a
                   WHERE a.collection = d.collection AND a.doc_id = d.id AND a.store_id = ?))
               ORDER BY d.seq LIMIT ?`,
            )
            .all(collection, q.afterSeq, q.storeId, q.limit) as { doc: string; seq: number }[]);
    return Promise.resolve(rows.map((r) => ({ doc: JSON.parse(r.doc) as JsonObject, seq: r.seq })));
  }

  feedState(collection: string): Promise<FeedState> {
    const r = this.reader
      .prepare(`SELECT seq, purged_seq FROM feeds WHERE collection = ?`)
      .get(collection) as { seq: number; purged_seq: number } | undefined;
    return Promise.resolve({ seq: r?.seq ?? 0, purgedSeq: r?.purged_seq ?? 0 });
  }

  all(collection: string): Promise<StoredRow[]> {
    const rows = this.reader
      .prepare(`SELECT id, doc, seq, owner_store FROM docs WHERE collection = ? ORDER BY seq`)
      .all(collection) as DocRow[];
    return Promise.resolve(rows.map((r) => toStored(r, [])));
  }

  findByField(collection: string, field: string, value: string): Promise<StoredRow[]> {
    if (!/^[A-Za-z0-9_]+$/.test(field)) {
      return Promise.reject(new StorageError(`bad field name ${field}`));
    }
    const rows = this.reader
      .prepare(
        `SELECT id, doc, seq, owner_store FROM docs
         WHERE collection = ? AND deleted = 0 AND json_extract(doc, '$.${field}') = ?`,
      )
      .all(collection, value) as DocRow[];
    return Promise.resolve(rows.map((r) => toStored(r, [])));
  }

  purgeTombstones(collection: string, before: number): Promise<number> {
    return this.exclusive(() => {
      const run = this.writer.transaction(() => {
        const max = this.writer
          .prepare(
            `SELECT MAX(seq) AS m, COUNT(*) AS n FROM docs
             WHERE collection = ? AND deleted = 1 AND updated_at < ?`,
          )
          .get(collection, before) as { m: number | null; n: number };
        if (max.m === null) return 0;
        this.writer
          .prepare(
            `DELETE FROM doc_audience WHERE collection = ? AND doc_id IN (
               SELECT id FROM docs WHERE collection = ? AND deleted = 1 AND updated_at < ?)`,
          )
          .run(collection, collection, before);
        this.writer
          .prepare(`DELETE FROM docs WHERE collection = ? AND deleted = 1 AND updated_at < ?`)
          .run(collection, before);
        this.writer
          .prepare(`UPDATE feeds SET purged_seq = MAX(purged_seq, ?) WHERE collection = ?`)
          .run(max.m, collection);
        return max.n;
      });
      return Promise.resolve(run());
    });
  }

  insertStore(store: StoreRecord): Promise<'created' | 'exists'> {
    return this.exclusive(() => {
      const r = this.writer
        .prepare(
          `INSERT INTO stores (store_id, code, credential_hash, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT DO NOTHING`,
        )
        .run(store.storeId, store.code, store.credentialHash, store.createdAt);
      return Promise.resolve(r.changes === 1 ? 'created' : 'exists');
    });
  }

  storeByCredentialHash(hash: string): Promise<StoreRecord | null> {
    const r = this.reader
      .prepare(
        `SELECT store_id, code, credential_hash, created_at FROM stores WHERE credential_hash = ?`,
      )
      .get(hash) as
      { store_id: string; code: string; credential_hash: string; created_at: number } | undefined;
    return Promise.resolve(
      r
        ? {
            storeId: r.store_id,
            code: r.code,
            credentialHash: r.credential_hash,
            createdAt: r.created_at,
          }
        : null,
    );
  }

  onCommit(listener: (collections: readonly string[]) => void): () => void {
    this.events.on('commit', listener);
    return () => this.events.off('commit', listener);
  }

  reset(): Promise<void> {
    return this.exclusive(() => {
      for (const s of DROP_STATEMENTS) this.writer.exec(s);
      this.createSchema();
      return Promise.resolve();
    });
  }

  close(): Promise<void> {
    return this.exclusive(() => {
      this.reader.close();
      this.writer.close();
      return Promise.resolve();
    });
  }
}

function toStored(r: DocRow, grants: string[]): StoredRow {
  return {
    id: r.id,
    doc: JSON.parse(r.doc) as JsonObject,
    seq: Number(r.seq),
    ownerStoreId: r.owner_store,
    grants,
  };
}
