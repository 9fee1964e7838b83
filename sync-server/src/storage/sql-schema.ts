/**
 * Table layout shared by both backends (types differ only where the engines do).
 * - docs: one row per document; `seq` is the commit-order cursor of its feed (the collection).
 * - doc_audience: which stores may pull a document that is not chain-wide; `source` tells the
 *   document's own audience ('doc', rewritten on every write) from a grant ('grant', kept).
 * - feeds: the per-collection cursor counter and purge horizon.
 */
export function schemaStatements(dialect: 'sqlite' | 'postgres'): string[] {
  const big = dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
  return [
    `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS feeds (
       collection TEXT PRIMARY KEY,
       seq ${big} NOT NULL DEFAULT 0,
       purged_seq ${big} NOT NULL DEFAULT 0)`,
    `CREATE TABLE IF NOT EXISTS docs (
       collection TEXT NOT NULL,
       id TEXT NOT NULL,
       seq ${big} NOT NULL,
       doc TEXT NOT NULL,
       deleted SMALLINT NOT NULL,
       owner_store TEXT,
       audience_all SMALLINT NOT NULL,
       updated_at ${big} NOT NULL,
       PRIMARY KEY (collection, id))`,
    `CREATE UNIQUE INDEX IF NOT EXISTS docs_feed ON docs (collection, seq)`,
    `CREATE TABLE IF NOT EXISTS doc_audience (
       collection TEXT NOT NULL,
       doc_id TEXT NOT NULL,
       store_id TEXT NOT NULL,
       source TEXT NOT NULL,
       PRIMARY KEY (collection, doc_id, store_id, source))`,
    `CREATE INDEX IF NOT EXISTS doc_audience_store ON doc_audience (store_id, collection, doc_id)`,
    `CREATE TABLE IF NOT EXISTS stores (
       store_id TEXT PRIMARY KEY,
       code TEXT NOT NULL UNIQUE,
       credential_hash TEXT NOT NULL UNIQUE,
       created_at ${big} NOT NULL)`,
  ];
}

export const DROP_STATEMENTS = [
  'DROP TABLE IF EXISTS doc_audience',
  'DROP TABLE IF EXISTS docs',
  'DROP TABLE IF EXISTS feeds',
  'DROP TABLE IF EXISTS stores',
  'DROP TABLE IF EXISTS meta',
];
