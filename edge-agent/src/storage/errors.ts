/** Codes of the exceptional failures of the storage (expected outcomes such as conflicts are
 * returned by bulkWrite as RxDB write errors, never thrown). */
export type StorageErrorCode =
  | 'STORAGE_CLOSED'
  | 'STORAGE_REMOVED'
  | 'SCHEMA_MISMATCH'
  | 'ATTACHMENT_NOT_FOUND'
  | 'INVALID_OPTIONS'
  | 'INVALID_DOCUMENT';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}: ${message}`);
  }
}
