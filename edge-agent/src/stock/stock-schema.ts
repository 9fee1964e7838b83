import type Database from 'better-sqlite3';

/**
 * Stock tables in the store's SQLite database. `stock_facts` is the insert-only log of movements
 * (the facts); `stock_levels` is the projection, valid up to `stock_checkpoints.projection`.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS stock_facts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  store_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  kind TEXT NOT NULL,
  delta INTEGER NOT NULL,
  reason TEXT,
  source_type TEXT NOT NULL,
  source_id TEXT,
  location TEXT NOT NULL,
  staff_id TEXT,
  note TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS stock_facts_product ON stock_facts (product_id, created_at);
CREATE INDEX IF NOT EXISTS stock_facts_source ON stock_facts (source_type, source_id);
CREATE TABLE IF NOT EXISTS stock_levels (
  store_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  last_kind TEXT NOT NULL,
  last_reason TEXT,
  last_at INTEGER NOT NULL,
  PRIMARY KEY (store_id, product_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stock_checkpoints (
  name TEXT PRIMARY KEY,
  position TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stock_products (
  product_id TEXT PRIMARY KEY,
  sku TEXT NOT NULL,
  name_zh TEXT NOT NULL,
  name_en TEXT,
  pinyin TEXT NOT NULL,
  category_id TEXT,
  sold_by TEXT NOT NULL,
  active INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS stock_products_sku ON stock_products (sku);
CREATE INDEX IF NOT EXISTS stock_products_pinyin ON stock_products (pinyin);
CREATE INDEX IF NOT EXISTS stock_products_category ON stock_products (category_id);
CREATE TABLE IF NOT EXISTS stock_barcodes (
  barcode TEXT NOT NULL,
  product_id TEXT NOT NULL,
  PRIMARY KEY (barcode, product_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS stock_barcodes_product ON stock_barcodes (product_id);
CREATE TABLE IF NOT EXISTS stock_name_grams (
  gram TEXT NOT NULL,
  product_id TEXT NOT NULL,
  PRIMARY KEY (gram, product_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS stock_name_grams_product ON stock_name_grams (product_id);
CREATE TABLE IF NOT EXISTS stock_documents (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  direction TEXT NOT NULL,
  doc TEXT NOT NULL,
  status TEXT NOT NULL,
  closed_note TEXT,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stock_receipts (
  receipt_id TEXT PRIMARY KEY,
  document_id TEXT,
  result TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stock_thresholds (
  product_id TEXT NOT NULL,
  source TEXT NOT NULL,
  min_level INTEGER NOT NULL,
  max_level INTEGER,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (product_id, source)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stock_counts (
  id TEXT PRIMARY KEY,
  scope_kind TEXT NOT NULL,
  scope_value TEXT NOT NULL,
  blind INTEGER NOT NULL,
  status TEXT NOT NULL,
  start_seq INTEGER NOT NULL,
  started_by TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  approved_by TEXT,
  approved_at INTEGER
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stock_count_items (
  count_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  snapshot INTEGER NOT NULL,
  round INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (count_id, product_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stock_count_scans (
  id TEXT PRIMARY KEY,
  count_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  round INTEGER NOT NULL,
  quantity INTEGER NOT NULL,
  code TEXT NOT NULL,
  fact_seq INTEGER NOT NULL,
  staff_id TEXT NOT NULL,
  undone INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS stock_count_scans_item ON stock_count_scans (count_id, product_id);
`;

export function migrateStock(db: Database.Database): void {
  db.exec(DDL);
}
