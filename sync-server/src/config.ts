import { join } from 'node:path';
import { z } from 'zod';
import { parseOrThrow } from '@mendian/protocol';

const DAY = 24 * 3_600_000;

export const syncServerConfigSchema = z
  .object({
    dataDir: z.string().min(1).default('.data/sync-server'),
    backend: z.enum(['sqlite', 'postgres']).default('sqlite'),
    /** Required for the postgres backend. */
    postgresUrl: z.string().min(1).optional(),
    /** HQ's admin token; long, because it can register stores and read everything. */
    adminToken: z.string().min(24, { message: 'must be at least 24 characters' }),
    host: z.string().default('0.0.0.0'),
    port: z.number().int().min(0).max(65535).default(8790),
    /** The longest a store may stay offline and still continue from its checkpoint. */
    tombstoneRetentionDays: z.number().int().min(1).default(90),
  })
  .refine((c) => c.backend !== 'postgres' || c.postgresUrl !== undefined, {
    message: 'postgresUrl is required when backend is postgres',
    path: ['postgresUrl'],
  });
export type SyncServerConfig = z.infer<typeof syncServerConfigSchema>;

/** Reads the configuration from an object, with MENDIAN_SYNC_* environment overrides. */
export function loadSyncServerConfig(
  input: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): SyncServerConfig {
  const merged: Record<string, unknown> = { ...input };
  const set = (key: string, v: string | undefined, asNumber = false) => {
    if (v !== undefined && v !== '') merged[key] = asNumber ? Number(v) : v;
  };
  set('dataDir', env.MENDIAN_SYNC_DATA_DIR);
  set('backend', env.MENDIAN_SYNC_BACKEND);
  set('postgresUrl', env.MENDIAN_SYNC_POSTGRES_URL);
  set('adminToken', env.MENDIAN_SYNC_ADMIN_TOKEN);
  set('host', env.MENDIAN_SYNC_HOST);
  set('port', env.MENDIAN_SYNC_PORT, true);
  set('tombstoneRetentionDays', env.MENDIAN_SYNC_TOMBSTONE_DAYS, true);
  return parseOrThrow(syncServerConfigSchema, merged, 'sync-server configuration');
}

export function retentionMs(config: SyncServerConfig): number {
  return config.tombstoneRetentionDays * DAY;
}

export function sqliteFile(config: SyncServerConfig): string {
  return join(config.dataDir, 'sync.sqlite');
}
