import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { StockService } from '../../src/stock/stock-service.js';
import {
  expectedLevels,
  fixtureOrderFeed,
  migrateFixtureOrders,
  STORE_ID,
} from './fixtures/crash-world.js';
import { openDb, projected, tempDir } from './helpers.js';

const tmp = tempDir('stock-crash');
afterAll(() => tmp.cleanup());

const writer = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));
const pathsConfig = fileURLToPath(new URL('./fixtures/tsx-paths.json', import.meta.url));

/** Runs the writer until it reported `minOps` operations, then SIGKILLs it after `delayMs`. */
async function killWhileWriting(file: string, seed: number, minOps: number, delayMs: number) {
  const child = fork(writer, [file, String(seed)], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, TSX_TSCONFIG_PATH: pathsConfig },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let reported = 0;
  await new Promise<void>((resolve, reject) => {
    let armed = false;
    child.on('message', (m: { ops: number }) => {
      reported = m.ops;
      if (!armed && m.ops >= minOps) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited: ${code} ${signal}`)),
    );
  });
  return reported;
}

test('SIGKILL at random points: recovery and a full rebuild both equal the facts exactly', async () => {
  const file = `${tmp.dir}/store.db`;
  const seed = Date.now() % 100_000;
  console.log(`crash test seed ${seed}`);
  const rounds = 5;
  for (let round = 0; round < rounds; round++) {
    // A random delay lands the kill inside an order commit, a derivation or a projection step.
    const delay = 1 + Math.floor(Math.random() * 40);
    const ops = await killWhileWriting(file, seed + round, 100, delay);

    const db = openDb(file);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    migrateFixtureOrders(db);
    const stock = new StockService({ db, storeId: STORE_ID, orderFeed: fixtureOrderFeed(db) });
    const lagBefore = (
      db
        .prepare(`SELECT COUNT(*) AS n FROM stock_facts WHERE seq > ?`)
        .get(stock.projector.checkpoint()) as { n: number }
    ).n;
    const recovered = stock.recover();
    const afterRecovery = projected(db);
    const expected = expectedLevels(db);
    // Every committed order was derived, every fact applied once: the projection equals the facts.
    for (const [productId, q] of expected) expect(afterRecovery[productId] ?? 0).toBe(q);
    for (const productId of Object.keys(afterRecovery)) expect(expected.has(productId)).toBe(true);
    // A second, independent recomputation (in memory) finds no difference, column by column.
    const check = stock.projector.verify();
    expect(check.mismatches).toEqual([]);
    // (seq has gaps: an INSERT OR IGNORE of a re-derived fact consumes an AUTOINCREMENT value.)
    const rows = db.prepare(`SELECT COUNT(*) AS n FROM stock_facts`).get() as { n: number };
    expect(check.facts).toBe(rows.n);
    const levelsBefore = db.prepare(`SELECT * FROM stock_levels ORDER BY product_id`).all();
    const rebuilt = stock.projector.rebuild();
    expect(db.prepare(`SELECT * FROM stock_levels ORDER BY product_id`).all()).toEqual(
      levelsBefore,
    );
    expect(stock.projector.checkpoint()).toBe(stock.facts.lastSeq());
    console.log(
      `round ${round}: killed after ${ops}+ ops (delay ${delay} ms); projection lagged ${lagBefore} facts; ` +
        `recovered ${recovered.orders} orders / ${recovered.facts} facts; ${rebuilt.facts} facts rebuilt`,
    );
    db.close();
  }
}, 120_000);
