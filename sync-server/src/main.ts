import { loadSyncServerConfig, retentionMs, sqliteFile, type SyncServerConfig } from './config.js';
import { createSyncServer } from './http/server.js';
import { consoleLogger } from './logger.js';
import { PostgresSyncStorage } from './storage/postgres.js';
import { SqliteSyncStorage } from './storage/sqlite.js';
import type { SyncStorage } from './storage/types.js';

export async function openStorage(config: SyncServerConfig): Promise<SyncStorage> {
  if (config.backend === 'postgres' && config.postgresUrl !== undefined) {
    return PostgresSyncStorage.open({ connectionString: config.postgresUrl });
  }
  return new SqliteSyncStorage({ file: sqliteFile(config) });
}

const PURGE_EVERY_MS = 3_600_000;

/** Starts a sync server from the environment (MENDIAN_SYNC_*); stops on SIGINT/SIGTERM. */
export async function main(): Promise<void> {
  const logger = consoleLogger('sync-server');
  const config = loadSyncServerConfig({});
  const storage = await openStorage(config);
  const server = createSyncServer({
    storage,
    adminToken: config.adminToken,
    logger,
    tombstoneRetentionMs: retentionMs(config),
  });
  await server.app.listen({ host: config.host, port: config.port });
  logger.info({ port: config.port, backend: config.backend }, 'sync-server listening');
  const purge = setInterval(() => {
    server.purgeTombstones().catch((err: unknown) => logger.error({ err }, 'purge failed'));
  }, PURGE_EVERY_MS);
  const stop = async () => {
    clearInterval(purge);
    await server.close();
    await storage.close();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (process.argv[1] !== undefined && import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
