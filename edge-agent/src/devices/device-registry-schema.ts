import type Database from 'better-sqlite3';

export function migrateDeviceRegistry(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS iot_principals (
      id TEXT PRIMARY KEY,
      role TEXT NOT NULL CHECK (role IN ('device', 'service', 'lane')),
      kind TEXT,
      model TEXT,
      lane TEXT,
      secret_hash TEXT NOT NULL,
      enabled INTEGER NOT NULL DEFAULT 1,
      connectivity TEXT NOT NULL DEFAULT 'never' CHECK (connectivity IN ('never', 'online', 'offline')),
      firmware TEXT,
      last_seen INTEGER,
      heartbeat_interval_s INTEGER,
      created_at INTEGER NOT NULL,
      secret_rotated_at INTEGER NOT NULL,
      rejected_count INTEGER NOT NULL DEFAULT 0
    );
  `);
}
