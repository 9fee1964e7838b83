import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { StorageSettings } from './options.js';

export type SqliteDatabase = Database.Database;
export type SqlStatement = Database.Statement<unknown[]>;

/** Opens one SQLite file with the durability settings of the storage. */
export function openSqliteFile(filePath: string, settings: StorageSettings): SqliteDatabase {
  mkdirSync(dirname(filePath), { recursive: true });
  const db = new Database(filePath, { timeout: settings.busyTimeoutMs });
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${settings.synchronous}`);
  db.pragma(`busy_timeout = ${settings.busyTimeoutMs}`);
  // Readers and the single writer share the page cache of this connection; 64 MiB keeps a
  // 100,000-SKU catalog's indexes hot without unbounded memory.
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  db.exec(`CREATE TABLE IF NOT EXISTS mendian_collections (
    table_name TEXT PRIMARY KEY,
    collection_name TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    schema_json TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT`);
  return db;
}

interface PooledConnection {
  db: SqliteDatabase;
  refs: number;
}

/**
 * One connection per file, shared by every collection of a database that this storage opened,
 * so their writes serialize in one process and the file is closed with its last collection.
 */
export class ConnectionPool {
  private readonly open = new Map<string, PooledConnection>();

  constructor(private readonly settings: StorageSettings) {}

  acquire(filePath: string): SqliteDatabase {
    let entry = this.open.get(filePath);
    if (!entry) {
      entry = { db: openSqliteFile(filePath, this.settings), refs: 0 };
      this.open.set(filePath, entry);
    }
    entry.refs++;
    return entry.db;
  }

  release(filePath: string): void {
    const entry = this.open.get(filePath);
    if (!entry) return;
    entry.refs--;
    if (entry.refs <= 0) {
      this.open.delete(filePath);
      try {
        // Refreshes the planner's statistics where they drifted; cheap, and once per close.
        entry.db.pragma('optimize');
      } finally {
        entry.db.close();
      }
    }
  }

  get openFiles(): number {
    return this.open.size;
  }
}
