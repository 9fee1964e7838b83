import { join, resolve } from 'node:path';

/**
 * How hard a commit is pushed to disk (SQLite `PRAGMA synchronous` in WAL mode).
 * - FULL (default): the WAL is fsynced at every commit, so a resolved bulkWrite survives a
 *   power cut.
 * - NORMAL: survives a crash of the process or the OS, but the last commits before a power cut
 *   may be rolled back (never corrupted).
 */
export type SynchronousLevel = 'FULL' | 'NORMAL';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Settings of the storage; every field has a default, see `resolveStorageSettings`. */
export interface MendianSqliteStorageOptions {
  /** Folder that holds one `<database>.sqlite` file per RxDB database. */
  directory: string;
  /** Overrides the file path of a database (e.g. for a fixed edge file name). */
  filePathFor?: (databaseName: string) => string;
  synchronous?: SynchronousLevel;
  /** How long a writer waits for another connection's lock before failing (ms). */
  busyTimeoutMs?: number;
  /**
   * Tombstones younger than this are never purged, whatever RxDB's cleanup asks for: a store may
   * be offline this long and still has to push its deletes. Default 90 days.
   */
  tombstoneRetentionMs?: number;
  /** Most tombstones purged by one cleanup() call, so a purge never blocks sales for long. */
  cleanupBatchSize?: number;
}

export interface StorageSettings {
  readonly directory: string;
  readonly filePathFor: (databaseName: string) => string;
  readonly synchronous: SynchronousLevel;
  readonly busyTimeoutMs: number;
  readonly tombstoneRetentionMs: number;
  readonly cleanupBatchSize: number;
}

/** Database names may hold any character; file names only a safe subset, reversibly escaped. */
export function fileNameFor(databaseName: string): string {
  const safe = [...databaseName]
    .map((ch) =>
      /^[A-Za-z0-9._-]$/.test(ch)
        ? ch
        : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
    )
    .join('');
  return `${safe}.sqlite`;
}

export function resolveStorageSettings(options: MendianSqliteStorageOptions): StorageSettings {
  const directory = options.directory;
  return {
    directory,
    filePathFor: (name) =>
      resolve(options.filePathFor ? options.filePathFor(name) : join(directory, fileNameFor(name))),
    synchronous: options.synchronous ?? 'FULL',
    busyTimeoutMs: options.busyTimeoutMs ?? 5_000,
    tombstoneRetentionMs: options.tombstoneRetentionMs ?? 90 * DAY_MS,
    cleanupBatchSize: options.cleanupBatchSize ?? 5_000,
  };
}
