import { EventEmitter } from 'node:events';
import pg from 'pg';
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

export interface PostgresStorageOptions {
  connectionString: string;
  /** Connections in the pool; writers to one feed serialise on its counter row anyway. */
  poolSize?: number;
  now?: () => number;
}

const CHANNEL = 'mendian_sync';

interface DocRow {
  id: string;
  doc: string;
  seq: string;
  owner_store: string | null;
}

/**
 * PostgreSQL backend, shared by several sync-server instances. A write transaction locks its
 * feeds' counter rows (SELECT … FOR UPDATE) before it reads or writes, and takes cursors from
 * them: a second writer to the same feed waits until the first commits, so no cursor can become
 * visible after a larger one (the late-commit skip of sequences and timestamps). Commits notify
 * every instance through LISTEN/NOTIFY, which PostgreSQL delivers only after commit.
 */
export class PostgresSyncStorage implements SyncStorage {
  readonly backend = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly events = new EventEmitter();
  private readonly now: () => number;
  private listener: pg.Client | null = null;
  private currentEpoch = '';

  private constructor(options: PostgresStorageOptions) {
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
    });
    this.now = options.now ?? Date.now;
    this.events.setMaxListeners(0);
    // An idle pooled connection cut by the server must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  static async open(options: PostgresStorageOptions): Promise<PostgresSyncStorage> {
    const s = new PostgresSyncStorage(options);
    try {
      await s.createSchema();
      const listener = new pg.Client({ connectionString: options.connectionString });
      listener.on('error', () => undefined);
      await listener.connect();
      listener.on('notification', (msg) => {
        if (msg.channel === CHANNEL && msg.payload) {
          s.events.emit('commit', msg.payload.split(','));
        }
      });
      await listener.query(`LISTEN ${CHANNEL}`);
      s.listener = listener;
    } catch (err) {
      await s.pool.end().catch(() => undefined);
      throw new StorageError('cannot open the PostgreSQL sync storage', err);
    }
    return s;
  }

  private async createSchema(): Promise<void> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      // Several instances may start together; one creates the tables, the others wait.
      await c.query('SELECT pg_advisory_xact_lock(727001)');
      for (const s of schemaStatements('postgres')) await c.query(s);
      await c.query(`INSERT INTO meta (key, value) VALUES ('epoch', $1) ON CONFLICT DO NOTHING`, [
        ulid(),
      ]);
      const r = await c.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'epoch'`);
      await c.query('COMMIT');
      this.currentEpoch = r.rows[0]?.value ?? '';
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }

  epoch(): string {
    return this.currentEpoch;
  }

  async transaction<T>(fn: (tx: SyncTx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const changed = new Set<string>();
    try {
      await client.query('BEGIN');
      const result = await fn(this.txApi(client, changed));
      if (changed.size > 0) {
        await client.query('SELECT pg_notify($1, $2)', [CHANNEL, [...changed].join(',')]);
      }
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private txApi(c: pg.PoolClient, changed: Set<string>): SyncTx {
    const bump = async (collection: string, count: number): Promise<number> => {
      await c.query(`INSERT INTO feeds (collection) VALUES ($1) ON CONFLICT DO NOTHING`, [
        collection,
      ]);
      const r = await c.query<{ seq: string }>(
        `UPDATE feeds SET seq = seq + $1 WHERE collection = $2 RETURNING seq`,
        [count, collection],
      );
      return Number(r.rows[0]?.seq) - count;
    };
    return {
      lockFeeds: async (collections) => {
        const sorted = [...new Set(collections)].sort();
        await c.query(
          `INSERT INTO feeds (collection) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`,
          [sorted],
        );
        await c.query(
          `SELECT collection FROM feeds WHERE collection = ANY($1::text[])
           ORDER BY collection FOR UPDATE`,
          [sorted],
        );
      },
      getMany: async (collection, ids) => {
        const out = new Map<string, StoredRow>();
        if (ids.length === 0) return out;
        const r = await c.query<DocRow & { grants: string[] | null }>(
          `SELECT d.id, d.doc, d.seq, d.owner_store,
             (SELECT array_agg(a.store_id) FROM doc_audience a WHERE a.collection = d.collection
                AND a.doc_id = d.id AND a.source = 'grant') AS grants
           FROM docs d WHERE d.collection = $1 AND d.id = ANY($2::text[])`,
          [collection, ids],
        );
        for (const row of r.rows) out.set(row.id, toStored(row, row.grants ?? []));
        return out;
      },
      write: async (collection, rows) => {
        if (rows.length === 0) return;
        const first = (await bump(collection, rows.length)) + 1;
        const now = this.now();
        await c.query(
          `INSERT INTO docs (collection, id, seq, doc, deleted, owner_store, audience_all, updated_at)
           SELECT $1, t.id, t.seq, t.doc, t.deleted, t.owner, t.aall, $2
           FROM unnest($3::text[], $4::bigint[], $5::text[], $6::smallint[], $7::text[],
                       $8::smallint[]) AS t(id, seq, doc, deleted, owner, aall)
           ON CONFLICT (collection, id) DO UPDATE SET seq = excluded.seq, doc = excluded.doc,
             deleted = excluded.deleted, owner_store = excluded.owner_store,
             audience_all = excluded.audience_all, updated_at = excluded.updated_at`,
          [
            collection,
            now,
            rows.map((r) => r.id),
            rows.map((_, i) => first + i),
            rows.map((r) => JSON.stringify(r.doc)),
            rows.map((r) => (r.doc._deleted === true ? 1 : 0)),
            rows.map((r) => r.ownerStoreId),
            rows.map((r) => (r.audience === 'all' ? 1 : 0)),
          ],
        );
        await c.query(
          `DELETE FROM doc_audience WHERE collection = $1 AND doc_id = ANY($2::text[])
             AND source = 'doc'`,
          [collection, rows.map((r) => r.id)],
        );
        const pairs = rows.flatMap((r) =>
          r.audience === 'all' ? [] : r.audience.map((s) => [r.id, s] as const),
        );
        if (pairs.length > 0) {
          await c.query(
            `INSERT INTO doc_audience (collection, doc_id, store_id, source)
             SELECT $1, t.doc_id, t.store_id, 'doc'
             FROM unnest($2::text[], $3::text[]) AS t(doc_id, store_id)
             ON CONFLICT DO NOTHING`,
            [collection, pairs.map((p) => p[0]), pairs.map((p) => p[1])],
          );
        }
        changed.add(collection);
      },
      grant: async (collection, id, storeId) => {
        await c.query(
          `INSERT INTO doc_audience (collection, doc_id, store_id, source)
           VALUES ($1, $2, $3, 'grant') ON CONFLICT DO NOTHING`,
          [collection, id, storeId],
        );
        const seq = (await bump(collection, 1)) + 1;
        await c.query(`UPDATE docs SET seq = $1 WHERE collection = $2 AND id = $3`, [
          seq,
          collection,
          id,
        ]);
        changed.add(collection);
      },
    };
  }

  async pull(collection: string, q: PullQuery): Promise<PulledRow[]> {
    const r =
      q.storeId === null
        ? await this.pool.query<{ doc: string; seq: string }>(
            `SELECT doc, seq FROM docs WHERE collection = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
            [collection, q.afterSeq, q.limit],
          )
        : await this.pool.query<{ doc: string; seq: string }>(
            `SELECT d.doc, d.seq FROM docs d
             WHERE d.collection = $1 AND d.seq > $2
               AND (d.audience_all = 1 OR EXISTS (
                 SELECT 1 FROM doc_audience a
                 WHERE a.collection = d.collection AND a.doc_id = d.id AND a.store_id = $3))
             ORDER BY d.seq LIMIT $4`,
            [collection, q.afterSeq, q.storeId, q.limit],
          );
    return r.rows.map((x) => ({ doc: JSON.parse(x.doc) as JsonObject, seq: Number(x.seq) }));
  }

  async feedState(collection: string): Promise<FeedState> {
    const r = await this.pool.query<{ seq: string; purged_seq: string }>(
      `SELECT seq, purged_seq FROM feeds WHERE collection = $1`,
      [collection],
    );
    const row = r.rows[0];
    return { seq: Number(row?.seq ?? 0), purgedSeq: Number(row?.purged_seq ?? 0) };
  }

  async all(collection: string): Promise<StoredRow[]> {
    const r = await this.pool.query<DocRow>(
      `SELECT id, doc, seq, owner_store FROM docs WHERE collection = $1 ORDER BY seq`,
      [collection],
    );
    return r.rows.map((x) => toStored(x, []));
  }

  async findByField(collection: string, field: string, value: string): Promise<StoredRow[]> {
    const r = await this.pool.query<DocRow>(
      `SELECT id, doc, seq, owner_store FROM docs
       WHERE collection = $1 AND deleted = 0 AND (doc::jsonb ->> $2) = $3`,
      [collection, field, value],
    );
    return r.rows.map((x) => toStored(x, []));
  }

  async purgeTombstones(collection: string, before: number): Promise<number> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(`SELECT 1 FROM feeds WHERE collection = $1 FOR UPDATE`, [collection]);
      const gone = await c.query<{ id: string; seq: string }>(
        `DELETE FROM docs WHERE collection = $1 AND deleted = 1 AND updated_at < $2
         RETURNING id, seq`,
        [collection, before],
      );
      if (gone.rows.length > 0) {
        const ids = gone.rows.map((r) => r.id);
        const max = Math.max(...gone.rows.map((r) => Number(r.seq)));
        await c.query(
          `DELETE FROM doc_audience WHERE collection = $1 AND doc_id = ANY($2::text[])`,
          [collection, ids],
        );
        await c.query(
          `UPDATE feeds SET purged_seq = GREATEST(purged_seq, $1) WHERE collection = $2`,
          [max, collection],
        );
      }
      await c.query('COMMIT');
      return gone.rows.length;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }

  async insertStore(store: StoreRecord): Promise<'created' | 'exists'> {
    const r = await this.pool.query(
      `INSERT INTO stores (store_id, code, credential_hash, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [store.storeId, store.code, store.credentialHash, store.createdAt],
    );
    return r.rowCount === 1 ? 'created' : 'exists';
  }

  async storeByCredentialHash(hash: string): Promise<StoreRecord | null> {
    const r = await this.pool.query<{
      store_id: string;
      code: string;
      credential_hash: string;
      created_at: string;
    }>(
      `SELECT store_id, code, credential_hash, created_at FROM stores WHERE credential_hash = $1`,
      [hash],
    );
    const row = r.rows[0];
    return row
      ? {
          storeId: row.store_id,
          code: row.code,
          credentialHash: row.credential_hash,
          createdAt: Number(row.created_at),
        }
      : null;
  }

  onCommit(listener: (collections: readonly string[]) => void): () => void {
    this.events.on('commit', listener);
    return () => this.events.off('commit', listener);
  }

  async reset(): Promise<void> {
    for (const s of DROP_STATEMENTS) await this.pool.query(s);
    await this.createSchema();
  }

  async close(): Promise<void> {
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
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
