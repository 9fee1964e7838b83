import type { CollectionPolicy } from '../../src/collections/policy.js';
import { createSyncServer, type SyncServer } from '../../src/http/server.js';
import type { SyncStorage } from '../../src/storage/types.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface RunningServer {
  server: SyncServer;
  url: string;
  close(): Promise<void>;
}

/** A sync server on an ephemeral port over the given storage. */
export async function listen(
  storage: SyncStorage,
  extra: { policies?: CollectionPolicy[]; now?: () => number; tombstoneRetentionMs?: number } = {},
): Promise<RunningServer> {
  const server = createSyncServer({ storage, adminToken: ADMIN_TOKEN, ...extra });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = server.app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { server, url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

export async function registerStore(url: string, storeId: string, code: string): Promise<string> {
  const res = await fetch(`${url}/v1/admin/stores`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ storeId, code }),
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { credential: string }).credential;
}
