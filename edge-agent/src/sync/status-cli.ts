import { syncStatusSchema } from '@mendian/protocol';
import { SYNC_STATUS_PATH } from './status-route.js';
import { formatSyncStatus } from './sync-status.js';

/**
 * `node edge-agent/dist/src/sync/status-cli.js [http://127.0.0.1:8080]`: prints the store's sync
 * status from the running edge-agent's local API (zh-CN first, English second).
 */
export async function printSyncStatus(
  baseUrl: string,
  out: (line: string) => void,
): Promise<number> {
  try {
    const res = await fetch(`${baseUrl.replace(/\/$/, '')}${SYNC_STATUS_PATH}`);
    if (!res.ok) {
      out(`无法读取同步状态 / cannot read the sync status: HTTP ${res.status}`);
      return 1;
    }
    const parsed = syncStatusSchema.safeParse(await res.json());
    if (!parsed.success) {
      out('同步状态格式错误 / the sync status is malformed');
      return 1;
    }
    out(formatSyncStatus(parsed.data));
    return 0;
  } catch (err) {
    out(`无法连接边缘代理 / cannot reach the edge-agent: ${(err as Error).message}`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === `file://${process.argv[1]}`) {
  printSyncStatus(process.argv[2] ?? 'http://127.0.0.1:8080', (l) => console.log(l))
    .then((code) => process.exit(code))
    .catch(() => process.exit(1));
}
