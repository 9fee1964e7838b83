import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { categorySchema, ulid } from '@mendian/protocol';
import { percentile, report, timeRuns } from '../../scripts/bench-kit.mjs';
import { buildApi } from '../src/api/server.js';
import { loadEdgeConfig } from '../src/config/edge-config.js';
import { startSelling } from '../src/config/selling-runtime.js';
import { openEdgeDatabase } from '../src/db/edge-database.js';
import { seedReferenceData } from '../src/db/seed.js';
import { sampleData } from '../src/demo/sample-catalog.js';
import { bigCatalog, seedBig } from './selling-fixtures.js';

const N = 100_000;
const dir = mkdtempSync(join(tmpdir(), 'mendian-selling-bench-'));
const t = Date.now();
try {
  // ---- setup: sample store (staff, promotions, member) + 100,000 SKUs, written as replication would
  const data = await sampleData({ pinParams: { N: 1024, r: 8, p: 1 } });
  const cats = Array.from({ length: 50 }, (_, i) =>
    categorySchema.parse({
      schemaVersion: 1,
      id: ulid(),
      code: `B${i}`,
      name: { zh: `品类${i}` },
      parentId: null,
      updatedAt: t,
    }),
  );
  const big = bigCatalog(
    N - data.products.length,
    cats.map((c) => c.id),
    t,
  );
  const setupStart = performance.now();
  {
    const db = await openEdgeDatabase({ dataDir: dir, synchronous: 'NORMAL' });
    await seedReferenceData(db, { ...data, categories: [...data.categories, ...cats] });
    await seedBig(db, big.products, big.prices);
    await db.close();
  }
  const setupMs = performance.now() - setupStart;

  // ---- cold start in a fresh process (plain node on the compiled output)
  const child = fileURLToPath(new URL('../dist/bench/selling-cold-start.js', import.meta.url));
  const colds: Record<string, number>[] = [];
  for (let i = 0; i < 3; i++) {
    colds.push(
      await new Promise((resolve, reject) => {
        const p = fork(child, [dir, data.store.id, data.store.code], {
          execArgv: ['--expose-gc'],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        p.once('message', (m) => resolve(m as Record<string, number>));
        p.once('exit', (code) =>
          code === 0 ? undefined : reject(new Error(`cold start child exited ${code}`)),
        );
      }),
    );
  }

  // ---- warm runtime with the API on an ephemeral port
  const config = loadEdgeConfig(
    { dataDir: dir, storeId: data.store.id, storeCode: data.store.code, synchronous: 'FULL' },
    {},
  );
  const rt = await startSelling(config);
  const app = await buildApi(rt);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const login = (await (
    await fetch(`${base}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ staffNo: '1001', pin: '1111', laneCode: '01' }),
    })
  ).json()) as { token: string };
  const auth = { authorization: `Bearer ${login.token}`, 'content-type': 'application/json' };
  await fetch(`${base}/api/v1/shift/open`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ float: 0 }),
  });
  const staff = (await rt.db.rx.staff
    .findOne({ selector: { staffNo: '1001' } })
    .exec())!.toMutableJSON();
  const actor = { staffId: staff.id, role: staff.role };

  const codes = big.products.map((p) => p.barcodes[0]!);
  let k = 0;
  const nextCode = () => codes[(k++ * 7919) % codes.length]!;
  const closeSale = async (lane: string) => {
    const v = rt.lanes.view(lane);
    if (!v) return;
    rt.tender.payCash(lane, v.priced.remaining + 10_000, false);
    const r = await rt.tender.commit(lane, v.cart.id);
    if (!r.ok) throw new Error(r.message);
  };

  // scan-to-line over HTTP; every 20 scans the sale is paid and committed (not timed)
  const scanHttp = await timeRuns(
    async (i) => {
      if (i > 0 && i % 20 === 0) await closeSale('01');
      const res = await fetch(`${base}/api/v1/cart/scan`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ code: nextCode() }),
      });
      if (res.status !== 200) throw new Error(`scan ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    },
    { runs: 3000, warmup: 200 },
  );
  await closeSale('01');
  // peer: the same scan in-process, without HTTP
  await rt.shifts.open('02', actor, 0);
  const scanDirect = await timeRuns(
    async (i) => {
      if (i > 0 && i % 20 === 0) await closeSale('02');
      const r = await rt.lanes.scan('02', actor, nextCode());
      if (!r.ok) throw new Error(r.message);
    },
    { runs: 3000, warmup: 200 },
  );
  await closeSale('02');

  // commit of a 20-line order with promotions, a member and split tender (wallet + cash)
  const water = data.products[0]!.id;
  const cola = data.products.find((p) => p.name.zh.startsWith('可口可乐'))!.id;
  const snack = data.products
    .filter((p) => p.categoryId === data.categories.find((c) => c.code === 'C4')!.id)
    .map((p) => p.id);
  const commitTimes: number[] = [];
  const saleTimes: number[] = [];
  for (let i = 0; i < 320; i++) {
    const s0 = performance.now();
    const ids = [
      water,
      cola,
      ...snack,
      ...big.products.slice((i * 13) % 90_000, ((i * 13) % 90_000) + 20).map((p) => p.id),
    ].slice(0, 20);
    for (const id of ids) rt.lanes.addProduct('01', actor, id, 2);
    await rt.lanes.attachMember('01', actor, { phone: '13812345678' });
    rt.tender.tender('01');
    const due = rt.lanes.view('01')!.priced.remaining;
    const w = await rt.tender.payWallet('01', 'wechat', '134567890123456789', Math.floor(due / 2));
    if (!w.ok) throw new Error(w.message);
    const cash = rt.tender.payCash('01', due, false);
    if (!cash.ok) throw new Error(cash.message);
    const c0 = performance.now();
    const r = await rt.tender.commit('01', cash.value.cart.id);
    const c1 = performance.now();
    if (!r.ok || r.value.order.lines.length !== 20 || r.value.order.discountTotal === 0)
      throw new Error('unexpected order');
    if (i >= 20) {
      commitTimes.push(c1 - c0);
      saleTimes.push(c1 - s0);
    }
  }
  // peer: the storage write alone — one 20-line order document inserted through RxDB (FULL)
  const template = (await rt.db.rx.orders.findOne().exec())!.toMutableJSON();
  let seq = 900_000;
  const insertOnly = await timeRuns(
    async () => {
      const id = ulid();
      await rt.db.rx.orders.insert({
        ...template,
        id,
        receiptNo: `${data.store.code}-09-${String(++seq).padStart(8, '0')}`,
      });
    },
    { runs: 200, warmup: 20 },
  );
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const row = (operation: string, xs: number[], goal: string) => ({
    operation,
    runs: xs.length,
    p50_ms: percentile(xs, 50),
    p99_ms: percentile(xs, 99),
    per_second: Math.round(1000 / mean(xs)),
    goal,
  });
  const cold = (key: string) =>
    percentile(
      colds.map((c) => c[key]!),
      50,
    );
  await app.close();
  await rt.stop();
  report(
    'selling',
    [
      row('scan-to-line via HTTP API (100k SKUs)', scanHttp, 'p99 < 2 ms'),
      row('peer: scan-to-line in-process (no HTTP)', scanDirect, ''),
      row(
        'commit 20-line order, promotions, member, split tender (FULL fsync)',
        commitTimes,
        'p99 < 10 ms',
      ),
      row('peer: one order document insert via RxDB on the storage (FULL)', insertOnly, ''),
      row('whole sale: 20 adds + member + wallet + cash + commit', saleTimes, ''),
      {
        operation: 'cold start: import modules (median of 3)',
        runs: 3,
        p50_ms: cold('importMs'),
        goal: '',
      },
      {
        operation: 'cold start: open DB + load 100k SKUs + recover (median of 3)',
        runs: 3,
        p50_ms: cold('startSellingMs'),
        goal: '< 2 s',
      },
      {
        operation: 'cold start: process start to API listening (median of 3)',
        runs: 3,
        p50_ms: cold('toListeningMs'),
        goal: '',
      },
    ],
    {
      skus_loaded: colds[0]!.skus!,
      resident_memory_mb_after_start: Math.round(cold('rssMb')),
      heap_used_mb_after_start: Math.round(cold('heapMb')),
      http_over_direct_p50_ratio: percentile(scanHttp, 50) / percentile(scanDirect, 50),
      setup_write_100k_skus_ms: Math.round(setupMs),
      machine_note: '2 shared cores; other engineers ran tests at the same time',
    },
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
