/**
 * Failures talking to the sync server. `code` is the server's ApiErrorBody code, or OFFLINE when
 * the server could not be reached at all; the replication loop records it and retries.
 */
export class SyncClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'SyncClientError';
  }
}
