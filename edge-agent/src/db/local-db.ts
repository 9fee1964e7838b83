import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Local tables that never replicate: lane receipt sequences, payment intents, the print queue,
 * suspended carts and open shifts. One better-sqlite3 file in the data directory, WAL with
 * synchronous=FULL, because an intent or a sequence number that is lost in a power cut is money
 * or a duplicate receipt number.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE lane_sequence (lane TEXT PRIMARY KEY, last INTEGER NOT NULL);
   CREATE TABLE payment_intents (
     id TEXT PRIMARY KEY, cart_id TEXT NOT NULL, method TEXT NOT NULL, amount INTEGER NOT NULL,
     status TEXT NOT NULL, reference TEXT, detail TEXT, created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL);
   CREATE INDEX payment_intents_status ON payment_intents(status);
   CREATE TABLE print_jobs (
     id TEXT PRIMARY KEY, kind TEXT NOT NULL, ref TEXT NOT NULL, payload BLOB NOT NULL,
     status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,
     created_at INTEGER NOT NULL, printed_at INTEGER);
   CREATE INDEX print_jobs_status ON print_jobs(status, created_at);
   CREATE TABLE suspended_carts (id TEXT PRIMARY KEY, lane TEXT NOT NULL, snapshot TEXT NOT NULL,
     suspended_at INTEGER NOT NULL);
   CREATE TABLE shifts (id TEXT PRIMARY KEY, lane TEXT NOT NULL, state TEXT NOT NULL,
     snapshot TEXT NOT NULL);`,
];

export type LocalDb = Database.Database;

/**
 * A second connection to the same file with synchronous=NORMAL (per-connection in SQLite): its
 * commits survive a process crash but not a power cut until the next FULL commit or checkpoint.
 * Only for writes whose loss in a power cut is repaired from facts: the lane sequence (its floor
 * comes from committed orders), shift totals and intents of committed orders.
 */
export function openRelaxedConnection(file: string): LocalDb {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}

export function openLocalDb(file: string): LocalDb {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}
