import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The chain's sync server as its own process (started from its source with tsx), so a test can
 * take it away the way a store loses its uplink: SIGKILL, no goodbye. Desktop code never imports
 * the sync server; it only talks to it over HTTP, like a store does.
 */
export interface SyncServerProcess {
  url: string;
  registerStore(storeId: string, code: string): Promise<string>;
  kill(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('../../../sync-server/src/main.ts', import.meta.url));
const ADMIN_TOKEN = 'desktop-e2e-admin-token-0123456789';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function startSyncServer(): Promise<SyncServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'mendian-sync-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      MENDIAN_SYNC_DATA_DIR: dir,
      MENDIAN_SYNC_ADMIN_TOKEN: ADMIN_TOKEN,
      MENDIAN_SYNC_HOST: '127.0.0.1',
      MENDIAN_SYNC_PORT: String(port),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`sync server exited (${String(child.exitCode ?? child.signalCode)})`);
    }
    try {
      if ((await fetch(`${url}/v1/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('sync server did not start within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async registerStore(storeId, code) {
      const res = await fetch(`${url}/v1/admin/stores`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ storeId, code }),
      });
      if (res.status !== 201) throw new Error(`register store: HTTP ${res.status}`);
      return ((await res.json()) as { credential: string }).credential;
    },
    async kill() {
      // A killed child has a signalCode and no exitCode; only a live one is waited for.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
