import type Database from 'better-sqlite3';

/**
 * Member tables in the store's SQLite database: the member records the store knows (a mirror of
 * the replicated `members` collection), the points and stored-value ledgers (facts), HQ's
 * allowance entries, tender holds (a redemption authorised at the till but not yet committed), the
 * earning rules and an outbox of member records changed here, for the replication to push.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS members (
  id TEXT PRIMARY KEY,
  phone TEXT NOT NULL,
  card_no TEXT,
  status TEXT NOT NULL,
  provisional INTEGER NOT NULL,
  doc TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS members_phone ON members (phone);
CREATE INDEX IF NOT EXISTS members_card ON members (card_no);
CREATE TABLE IF NOT EXISTS member_ledger (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  asset TEXT NOT NULL,
  id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  store_id TEXT,
  kind TEXT NOT NULL,
  delta INTEGER NOT NULL,
  order_id TEXT,
  doc TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (asset, id)
);
CREATE INDEX IF NOT EXISTS member_ledger_member ON member_ledger (member_id, asset, created_at);
CREATE TABLE IF NOT EXISTS member_allowances (
  id TEXT PRIMARY KEY,
  member_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  asset TEXT NOT NULL,
  kind TEXT NOT NULL,
  amount INTEGER NOT NULL,
  hq_balance INTEGER,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS member_allowances_member ON member_allowances (member_id, asset);
CREATE TABLE IF NOT EXISTS member_holds (
  id TEXT PRIMARY KEY,
  member_id TEXT NOT NULL,
  asset TEXT NOT NULL,
  amount INTEGER NOT NULL,
  order_id TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS member_holds_order ON member_holds (order_id);
CREATE TABLE IF NOT EXISTS member_rules (
  id TEXT PRIMARY KEY,
  valid_from INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  doc TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS member_outbox (
  member_id TEXT PRIMARY KEY,
  doc TEXT NOT NULL,
  queued_at INTEGER NOT NULL
) WITHOUT ROWID;
`;

export function migrateMembers(db: Database.Database): void {
  db.exec(DDL);
}
