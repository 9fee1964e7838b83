import type Database from 'better-sqlite3';

/**
 * WAL with synchronous=NORMAL: broker state (queues, subscriptions, wills) survives a process
 * crash; only an OS crash may lose the last transactions, which devices then resend. Ingested
 * events use their own connection with synchronous=FULL (see durable-ingest.ts).
 */
export const PERSISTENCE_PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = NORMAL',
  'busy_timeout = 5000',
] as const;

export function migratePersistence(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS retained (
      topic TEXT PRIMARY KEY,
      packet BLOB NOT NULL
    );
    CREATE TABLE IF NOT EXISTS subscriptions (
      client_id TEXT NOT NULL,
      topic TEXT NOT NULL,
      qos INTEGER NOT NULL,
      data BLOB NOT NULL,
      PRIMARY KEY (client_id, topic)
    );
    CREATE TABLE IF NOT EXISTS outgoing (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      client_id TEXT NOT NULL,
      broker_id TEXT,
      broker_counter INTEGER,
      message_id INTEGER,
      packet BLOB NOT NULL
    );
    CREATE INDEX IF NOT EXISTS outgoing_by_client ON outgoing (client_id, seq);
    CREATE TABLE IF NOT EXISTS incoming (
      client_id TEXT NOT NULL,
      message_id INTEGER NOT NULL,
      packet BLOB NOT NULL,
      PRIMARY KEY (client_id, message_id)
    );
    CREATE TABLE IF NOT EXISTS wills (
      client_id TEXT PRIMARY KEY,
      broker_id TEXT NOT NULL,
      packet BLOB NOT NULL
    );
  `);
}
