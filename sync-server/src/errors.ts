import { CodedError } from '@mendian/protocol';

/** Exceptional failures of the sync server; the HTTP layer turns them into ApiErrorBody. */
export class SyncServerError extends CodedError {
  constructor(code: string, message: string, details?: unknown) {
    super(code, message, details);
    this.name = 'SyncServerError';
  }
}

/** The storage backend failed (connection lost, disk full); the client retries the request. */
export class StorageError extends CodedError {
  constructor(message: string, cause?: unknown) {
    super('UPSTREAM_UNAVAILABLE', message);
    this.name = 'StorageError';
    if (cause !== undefined) this.cause = cause;
  }
}
