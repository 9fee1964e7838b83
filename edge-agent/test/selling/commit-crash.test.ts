import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { orderSchema, type Order } from '@mendian/protocol';
import { plain } from '../../src/db/plain.js';
import { boot, tempDir } from './runtime-helpers.js';

const tmp = tempDir('crash');
afterAll(() => tmp.cleanup());
const child = fileURLToPath(new URL('./fixtures/commit-child.ts', import.meta.url));

/** Seeded so a failure can be replayed: the kill delays are the same on every run. */
function prng(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

async function runAndKill(dir: string, storeId: string, storeCode: string, delayMs: number) {
  const reported: { committed: string[]; committing: string[] } = { committed: [], committing: [] };
  const p = fork(child, [dir, storeId, storeCode], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    p.on('message', (m: { ready?: boolean; committed?: string; committing?: string }) => {
      if (m.ready) setTimeout(() => p.kill('SIGKILL'), delayMs);
      if (m.committed) reported.committed.push(m.committed);
      if (m.committing) reported.committing.push(m.committing);
    });
    p.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited: ${code} ${signal}`)),
    );
  });
  return reported;
}

test('a process killed at random instants leaves every order fully committed or absent', async () => {
  const { rt, data } = await boot(tmp.dir, {});
  await rt.stop();
  const random = prng(20261123);
  const committed: string[] = [];
  const attempted: string[] = [];
  for (let round = 0; round < 5; round++) {
    const r = await runAndKill(
      tmp.dir,
      data.store.id,
      data.store.code,
      50 + Math.floor(random() * 400),
    );
    committed.push(...r.committed);
    attempted.push(...r.committing);
  }
  console.log(
    `crash test: ${attempted.length} commits attempted, ${committed.length} confirmed before the kills`,
  );
  expect(committed.length).toBeGreaterThan(0);

  const { rt: after } = await boot(tmp.dir, {}, data);
  const orders = (await after.db.rx.orders.find().exec()).map((d) => plain<Order>(d));
  // every stored order is whole and valid; confirmed ones are all there; nothing appears that was never attempted
  for (const o of orders) expect(orderSchema.safeParse(o).success).toBe(true);
  const ids = new Set(orders.map((o) => o.id));
  for (const id of committed) expect(ids.has(id)).toBe(true);
  for (const id of ids) expect(attempted).toContain(id);
  // receipt numbers never repeat and only increase with creation
  const receipts = orders.map((o) => o.receiptNo);
  expect(new Set(receipts).size).toBe(receipts.length);
  // after restart every order has its derived stock movements (re-derived where the kill hit)
  for (const o of orders) {
    for (const l of o.lines)
      expect(
        await after.db.rx.stockMovements.findOne(`stk:${o.id}:${l.lineId}`).exec(),
      ).not.toBeNull();
  }
  // cash intents of sales that never committed were settled by recovery
  expect(
    after.db.local
      .prepare(`SELECT COUNT(*) AS n FROM payment_intents WHERE status IN ('pending','succeeded')`)
      .get(),
  ).toEqual({ n: 0 });
  await after.stop();
}, 120_000);
