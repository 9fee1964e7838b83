import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresSyncStorage } from '../../src/storage/postgres.js';
import { SqliteSyncStorage } from '../../src/storage/sqlite.js';
import type { SyncStorage } from '../../src/storage/types.js';
import { startPostgres, type PostgresHandle } from './postgres.js';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty storage; `release` closes it and removes its files. */
  open(now?: () => number): Promise<{ storage: SyncStorage; release: () => Promise<void> }>;
  /** Stops what the backend started (the PostgreSQL server). */
  shutdown(): Promise<void>;
}

let dbCounter = 0;

export function sqliteBackend(): Backend {
  return {
    name: 'sqlite',
    open: (now) => {
      const dir = mkdtempSync(join(tmpdir(), 'mendian-sync-'));
      const storage = new SqliteSyncStorage({
        file: join(dir, 'sync.sqlite'),
        ...(now ? { now } : {}),
      });
      return Promise.resolve({
        storage,
        release: async () => {
          await storage.close();
          rmSync(dir, { recursive: true, force: true });
        },
      });
    },
    shutdown: () => Promise.resolve(),
  };
}

/** One real PostgreSQL server per test file, a new database per `open`. */
export function postgresBackend(): Backend {
  let server: Promise<PostgresHandle> | null = null;
  return {
    name: 'postgres',
    open: async (now) => {
      server ??= startPostgres();
      const pg = await server;
      dbCounter += 1;
      const url = await pg.createDatabase(`sync_${process.pid}_${dbCounter}`);
      const storage = await PostgresSyncStorage.open({
        connectionString: url,
        ...(now ? { now } : {}),
      });
      return { storage, release: () => storage.close() };
    },
    shutdown: async () => {
      if (server) await (await server).stop();
    },
  };
}

export const backends = (): Backend[] => [sqliteBackend(), postgresBackend()];
