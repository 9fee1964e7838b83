import type { RxDocumentData, RxJsonSchema } from 'rxdb';
import { getPrimaryFieldOfPrimaryKey, toArray } from 'rxdb';
import type { SqliteDatabase, SqlStatement } from './connection.js';
import { StorageError } from './errors.js';
import { indexKeyFunction, type IndexKeyFn } from './index-key.js';

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Each schema version gets its own table, so documents of two versions never mix. */
export function tableNameFor(collectionName: string, schemaVersion: number): string {
  return `rx_${collectionName}_v${schemaVersion}`;
}

export interface TableIndex<T> {
  /** Field paths as in the schema, e.g. ['_deleted', 'sku', 'id']. */
  readonly fields: string[];
  readonly column: string;
  /** ORDER BY clause; index keys that end in the primary key are unique and need no tiebreak. */
  readonly orderBy: string;
  readonly keyOf: IndexKeyFn<T>;
}

export interface StoredRow {
  readonly seq: number;
  readonly data: string;
}

/**
 * The SQL layout of one collection: one row per document (newest revision, tombstones
 * included) with its JSON, a storage-assigned change sequence, and one UTF-16BE key column per
 * RxDB index.
 */
export class CollectionTable<T> {
  readonly table: string;
  readonly attachmentsTable: string;
  readonly indexes: TableIndex<T>[];
  readonly primaryPath: string;
  private readonly q: string;

  readonly selectByIds: SqlStatement;
  readonly selectLiveByIds: SqlStatement;
  readonly selectById: SqlStatement;
  readonly selectLiveById: SqlStatement;
  readonly upsert: SqlStatement;
  readonly changesSince: SqlStatement;
  readonly purgeTombstones: SqlStatement;

  constructor(
    readonly db: SqliteDatabase,
    collectionName: string,
    readonly schema: RxJsonSchema<RxDocumentData<T>>,
  ) {
    this.table = tableNameFor(collectionName, schema.version);
    this.attachmentsTable = `${this.table}__attachments`;
    this.primaryPath = getPrimaryFieldOfPrimaryKey(schema.primaryKey);
    this.q = quoteIdent(this.table);
    const indexFields = (schema.indexes ?? []).map((i) => toArray<string>(i));
    this.indexes = indexFields.map((fields, n) => ({
      fields,
      column: `k${n}`,
      orderBy: fields.includes(this.primaryPath) ? `k${n}` : `k${n}, id`,
      keyOf: indexKeyFunction(schema, fields),
    }));
    this.createTables(collectionName);

    const q = this.q;
    const keyCols = this.indexes.map((i) => i.column);
    this.selectByIds = db
      .prepare(`SELECT data FROM ${q} WHERE id IN (SELECT value FROM json_each(?))`)
      .pluck();
    this.selectLiveByIds = db
      .prepare(`SELECT data FROM ${q} WHERE id IN (SELECT value FROM json_each(?)) AND deleted = 0`)
      .pluck();
    // One id (a scan at the till) skips building and parsing a JSON array.
    this.selectById = db.prepare(`SELECT data FROM ${q} WHERE id = ?`).pluck();
    this.selectLiveById = db.prepare(`SELECT data FROM ${q} WHERE id = ? AND deleted = 0`).pluck();
    // seq is the rowid: a REPLACE deletes the old row and appends the new one with the next
    // AUTOINCREMENT value, which SQLite never hands out twice, even after cleanup purged the
    // newest rows. So the change order is one append-only B-tree, not an extra index.
    const cols = ['id', 'deleted', 'lwt', 'data', ...keyCols];
    this.upsert = db.prepare(
      `INSERT OR REPLACE INTO ${q} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    );
    this.changesSince = db.prepare(`SELECT seq, data FROM ${q} WHERE seq > ? ORDER BY seq LIMIT ?`);
    this.purgeTombstones = db
      .prepare(
        `DELETE FROM ${q} WHERE seq IN (
           SELECT seq FROM ${q} WHERE deleted = 1 AND lwt <= ? ORDER BY lwt LIMIT ?
         ) RETURNING id`,
      )
      .pluck();
  }

  private createTables(collectionName: string): void {
    const { db, q, schema } = this;
    const layout = JSON.stringify({ primaryKey: schema.primaryKey, indexes: schema.indexes });
    db.transaction(() => {
      const known = db
        .prepare('SELECT schema_json FROM mendian_collections WHERE table_name = ?')
        .pluck()
        .get(this.table) as string | undefined;
      if (known !== undefined) {
        const was = JSON.parse(known) as { primaryKey: unknown; indexes: unknown };
        if (JSON.stringify({ primaryKey: was.primaryKey, indexes: was.indexes }) !== layout) {
          throw new StorageError(
            'SCHEMA_MISMATCH',
            `collection ${collectionName} version ${schema.version} exists with other indexes; bump the schema version`,
            { table: this.table },
          );
        }
      } else {
        db.prepare(
          `INSERT INTO mendian_collections (table_name, collection_name, schema_version, schema_json, created_at)
           VALUES (?, ?, ?, ?, ?)`,
        ).run(this.table, collectionName, schema.version, JSON.stringify(schema), Date.now());
      }
      const keyDefs = this.indexes.map((i) => `, ${i.column} BLOB NOT NULL`).join('');
      db.exec(`CREATE TABLE IF NOT EXISTS ${q} (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        deleted INTEGER NOT NULL,
        lwt REAL NOT NULL,
        data TEXT NOT NULL${keyDefs}
      ) STRICT`);
      db.exec(
        `CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdent(`${this.table}__seq`)} ON ${q} (seq)`,
      );
      db.exec(
        `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${this.table}__tombstones`)} ON ${q} (deleted, lwt)`,
      );
      for (const i of this.indexes) {
        db.exec(
          `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${this.table}__${i.column}`)} ON ${q} (${i.orderBy})`,
        );
      }
      if (schema.attachments) {
        db.exec(`CREATE TABLE IF NOT EXISTS ${quoteIdent(this.attachmentsTable)} (
          doc_id TEXT NOT NULL,
          attachment_id TEXT NOT NULL,
          digest TEXT NOT NULL,
          data BLOB NOT NULL,
          PRIMARY KEY (doc_id, attachment_id)
        ) STRICT`);
      }
    }).immediate();
  }

  indexFor(fields: readonly string[]): TableIndex<T> | undefined {
    const wanted = fields.join(',');
    return this.indexes.find((i) => i.fields.join(',') === wanted);
  }

  /** Deletes the collection's tables; the caller closes the instance afterwards. */
  drop(): void {
    const { db } = this;
    db.transaction(() => {
      db.exec(`DROP TABLE IF EXISTS ${this.q}`);
      db.exec(`DROP TABLE IF EXISTS ${quoteIdent(this.attachmentsTable)}`);
      db.prepare('DELETE FROM mendian_collections WHERE table_name = ?').run(this.table);
    }).immediate();
  }
}
