import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from '@mendian/protocol';
import type { SyncStorage } from '../src/storage/types.js';
import { sqliteBackend } from './support/backends.js';
import { listen, registerStore, type RunningServer } from './support/server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pusher = fileURLToPath(new URL('./fixtures/edge-pusher.ts', import.meta.url));
// The store process runs outside vitest, so it loads the built workspaces (npm run build).
const built = existsSync(join(root, 'edge-agent/dist/src/sync/index.js'));

function run(args: string[]): {
  child: ChildProcess;
  output: Promise<{ code: number | null; out: string }>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', pusher, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const output = new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, out })),
  );
  return { child, output };
}

/**
 * A store process (RxDB on the edge SQLite storage) is killed with SIGKILL in the middle of
 * pushing its backlog; a new process on the same data directory resumes from the checkpoint RxDB
 * persisted, and the center ends with every order exactly once.
 */
describe('edge process killed mid-push', () => {
  const backend = sqliteBackend();
  let storage: SyncStorage;
  let release: () => Promise<void>;
  let running: RunningServer;
  const dataDir = mkdtempSync(join(tmpdir(), 'mendian-edge-'));
  beforeAll(async () => {
    ({ storage, release } = await backend.open());
    running = await listen(storage);
  });
  afterAll(async () => {
    await running.close();
    await release();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes after SIGKILL and delivers every order exactly once', async () => {
    expect(built, 'edge-agent/dist is missing: run `npx tsc -b` before this test').toBe(true);
    const storeId = ulid();
    const credential = await registerStore(running.url, storeId, 'SHK');
    const total = 1500;
    const first = run([dataDir, running.url, credential, storeId, String(total)]);
    await expect
      .poll(async () => (await storage.all('orders')).length, { timeout: 60_000, interval: 10 })
      .toBeGreaterThanOrEqual(100);
    first.child.kill('SIGKILL');
    const killed = await first.output;
    expect(killed.code).toBeNull();
    const midway = (await storage.all('orders')).length;
    expect(midway).toBeLessThan(total);

    const second = run([dataDir, running.url, credential, storeId, '0']);
    const done = await second.output;
    expect(done.code, done.out).toBe(0);
    expect(done.out).toContain('"done":true,"pending":0');
    const ids = (await storage.all('orders')).map((r) => r.id);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
  }, 120_000);
});
