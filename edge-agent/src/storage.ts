import { RXDB_VERSION, ensureRxStorageInstanceParamsAreCorrect } from 'rxdb';
import type { RxStorage, RxStorageInstanceCreationParams } from 'rxdb';
import { processChangeHub } from './storage/change-hub.js';
import { ConnectionPool } from './storage/connection.js';
import {
  MendianSqliteInstance,
  type MendianSqliteInstanceOptions,
  type MendianSqliteInternals,
} from './storage/instance.js';
import {
  resolveStorageSettings,
  type MendianSqliteStorageOptions,
  type StorageSettings,
} from './storage/options.js';

export type { MendianSqliteStorageOptions, SynchronousLevel } from './storage/options.js';
export { DAY_MS, fileNameFor } from './storage/options.js';
export type { MendianCheckpoint } from './storage/checkpoint.js';
export { StorageError, type StorageErrorCode } from './storage/errors.js';
export { encodeIndexKey, decodeIndexKey } from './storage/index-key.js';
export { MendianSqliteInstance } from './storage/instance.js';
export type { MendianSqliteInstanceOptions, MendianSqliteInternals } from './storage/instance.js';

export interface RxStorageMendianSqlite extends RxStorage<
  MendianSqliteInternals,
  MendianSqliteInstanceOptions
> {
  readonly settings: StorageSettings;
}

/**
 * Mendian's RxStorage for RxDB 17 on better-sqlite3: one WAL-mode SQLite file per RxDB
 * database, one table per collection and schema version. See docs/storage.md.
 */
export function getRxStorageMendianSqlite(
  options: MendianSqliteStorageOptions,
): RxStorageMendianSqlite {
  const settings = resolveStorageSettings(options);
  const pool = new ConnectionPool(settings);
  const hub = processChangeHub;
  return {
    name: 'mendian-sqlite',
    rxdbVersion: RXDB_VERSION,
    settings,
    createStorageInstance<T>(
      params: RxStorageInstanceCreationParams<T, MendianSqliteInstanceOptions>,
    ): Promise<MendianSqliteInstance<T>> {
      ensureRxStorageInstanceParamsAreCorrect(params);
      const filePath = settings.filePathFor(params.databaseName);
      const db = pool.acquire(filePath);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        pool.release(filePath);
      };
      try {
        return Promise.resolve(
          new MendianSqliteInstance<T>(
            params.databaseName,
            params.collectionName,
            params.schema,
            params.options ?? {},
            { filePath, db, settings, hub, release },
          ),
        );
      } catch (err) {
        release();
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    },
  };
}
