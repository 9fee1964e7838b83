import type { FastifyInstance } from 'fastify';
import type { SyncStatusStore } from './sync-status.js';

export const SYNC_STATUS_PATH = '/api/sync/status';

/** The sync status over the edge-agent's local API, for the cashier UI and the CLI. */
export function registerSyncStatusRoute(app: FastifyInstance, status: SyncStatusStore): void {
  app.get(SYNC_STATUS_PATH, () => status.get());
}
