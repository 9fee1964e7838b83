import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, expect, test } from 'vitest';
import { fileNameFor } from '@mendian/edge-agent/storage';
import { tempDirectory } from './helpers.js';

const tmp = tempDirectory('crash');
afterAll(() => tmp.cleanup());

const BATCH = 10_000;
const writer = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));

/**
 * Starts the writer, lets `batches` batches commit, then kills it with SIGKILL `delayMs` after
 * it announced the next bulkWrite, so the kill lands while that batch is being written.
 */
async function killMidWrite(
  dir: string,
  batches: number,
  delayMs: number,
): Promise<{ committed: number; batchMs: number[] }> {
  const child = fork(writer, [dir, String(BATCH)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let committed = -1;
  const batchMs: number[] = [];
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: { committed?: number; starting?: number; ms?: number }) => {
      if (m.committed !== undefined) committed = m.committed;
      if (m.ms !== undefined) batchMs.push(m.ms);
      if (m.starting === batches) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL'
        ? resolve()
        : reject(new Error(`writer exited early: ${code} ${signal}`)),
    );
  });
  return { committed, batchMs };
}

test('SIGKILL during bulkWrite leaves each batch entirely present or entirely absent', async () => {
  const dir = tmp.dir;
  // Several kills at different points inside the following batch.
  const reports: { committed: number; batchMs: number[]; delay: number }[] = [];
  for (const [i, delay] of [5, 150, 300].entries()) {
    reports.push({ ...(await killMidWrite(`${dir}/run${i}`, 2, delay)), delay });
  }
  // At least one kill came sooner than any bulkWrite of that writer ever took: it hit a write.
  expect(reports.some((r) => r.delay < Math.min(...r.batchMs))).toBe(true);
  for (const [i, { committed, batchMs, delay }] of reports.entries()) {
    const db = new Database(`${dir}/run${i}/${fileNameFor('crash')}`);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const perBatch = db
      .prepare(
        `SELECT json_extract(data, '$.batch') AS batch, COUNT(*) AS n FROM "rx_sales_v0" GROUP BY batch`,
      )
      .all() as { batch: number; n: number }[];
    db.close();
    // Every batch the writer saw resolve is there in full (durable at commit) ...
    for (let b = 0; b <= committed; b++) {
      expect(perBatch.find((r) => r.batch === b)?.n).toBe(BATCH);
    }
    // ... and any batch in flight at the kill is all or nothing.
    for (const r of perBatch) expect(r.n).toBe(BATCH);
    const inFlight = perBatch.find((r) => r.batch === committed + 1) ? 'all' : 'none';
    // A kill sooner after "starting" than a bulkWrite takes lands inside the write.
    const took = batchMs.map((ms) => ms.toFixed(0)).join('/');
    console.log(
      `run ${i}: bulkWrites took ${took} ms; killed ${delay} ms after the next started; ` +
        `${committed + 1} resolved before the kill; of the batch in flight ${inFlight} is on disk`,
    );
  }
}, 120_000);
