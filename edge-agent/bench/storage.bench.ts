// Mendian's SQLite RxStorage against rxdb's memory storage, measured in the same process with
// rxdb's own runPerformanceTests, plus the cold open of a 100,000-document collection.
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRevision, createRxDatabase, fillWithDefaultSettings, randomToken } from 'rxdb';
import type { RxCollection, RxJsonSchema, RxStorage } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import {
  averageSchema,
  averageSchemaData,
  runPerformanceTests,
  type PerformanceTestResult,
} from 'rxdb/plugins/test-utils';
import { median, percentile, report, timeRuns } from '../../scripts/bench-kit.mjs';
import { getRxStorageMendianSqlite } from '../src/storage.js';

const RUNS = Number(process.env.STORAGE_BENCH_RUNS ?? 15);
const COLD_DOCS = 100_000;
const COLD_RUNS = 5;
const dir = mkdtempSync(join(tmpdir(), 'mendian-storage-bench-'));

// Each runPerformanceTests call does one run, so the medians below are medians over RUNS
// calls; rxdb keeps only the fastest of the 6 insert batches within one call.
async function measure(storage: RxStorage<unknown, unknown>, name: string) {
  return runPerformanceTests(storage, name, {
    runs: 1,
    waitBetweenTests: 10,
    log: false,
  });
}

// FULL (the default) fsyncs the WAL at every commit; NORMAL is measured to show that cost.
const sqlite = getRxStorageMendianSqlite({ directory: join(dir, 'perf') });
const sqliteNormal = getRxStorageMendianSqlite({
  directory: join(dir, 'perf-normal'),
  synchronous: 'NORMAL',
});
const memory = getRxStorageMemory();
type Variant = 'sqlite' | 'sqliteNormal' | 'memory';
const results: Record<Variant, PerformanceTestResult[]> = {
  sqlite: [],
  sqliteNormal: [],
  memory: [],
};
// Interleaved so that load from other processes on this shared machine hits all alike.
for (let i = 0; i < RUNS; i++) {
  results.sqlite.push(await measure(sqlite, 'mendian-sqlite'));
  results.sqliteNormal.push(await measure(sqliteNormal, 'mendian-sqlite-normal'));
  results.memory.push(await measure(memory, 'memory'));
  process.stdout.write(`\rperformance runs ${i + 1}/${RUNS}`);
}
process.stdout.write('\n');

const metrics = Object.keys(results.sqlite[0] ?? {}).filter(
  (k) =>
    typeof results.sqlite[0]?.[k] === 'number' && !['collectionsAmount', 'docsAmount'].includes(k),
);
const goals: Record<string, number> = { 'insert-documents-500': 10, 'find-by-ids-3000': 30 };
const rows: Record<string, string | number>[] = metrics.map((metric) => {
  const of = (which: Variant) => results[which].map((r) => Number(r[metric]));
  const s = median(of('sqlite'));
  const m = median(of('memory'));
  return {
    metric,
    sqlite_median_ms: s,
    sqlite_p90_ms: percentile(of('sqlite'), 90),
    sqlite_normal_median_ms: median(of('sqliteNormal')),
    memory_median_ms: m,
    ratio_sqlite_to_memory: m > 0 ? s / m : NaN,
    goal_ms: goals[metric] ?? '',
    meets_goal: goals[metric] === undefined ? '' : s < goals[metric] ? 'yes' : 'NO',
  };
});

// The same two goals measured on the storage instances alone (no RxDB collection layer), with
// many runs, so the storage's own share is visible next to rxdb's overhead above.
const directRows: Record<string, string | number>[] = [];
/** Mean CPU time (user + system) of this process per call since `since`: less sensitive than
 * wall time to the other processes sharing this machine's cores. */
function cpuMsPerCall(since: NodeJS.CpuUsage, calls: number): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000 / calls;
}
{
  const schema = fillWithDefaultSettings(averageSchema());
  const newDoc = () => ({
    ...averageSchemaData(),
    _deleted: false,
    _attachments: {},
    _meta: { lwt: Date.now() },
    _rev: createRevision(randomToken(10)),
  });
  const variants: [string, RxStorage<unknown, unknown>][] = [
    ['mendian-sqlite FULL', sqlite],
    ['mendian-sqlite NORMAL', sqliteNormal],
    ['memory', memory],
  ];
  for (const [label, storage] of variants) {
    const inst = await storage.createStorageInstance<ReturnType<typeof averageSchemaData>>({
      databaseInstanceToken: randomToken(10),
      databaseName: 'direct' + randomToken(6),
      collectionName: 'docs',
      schema,
      options: {},
      multiInstance: false,
      devMode: false,
    });
    const seed = Array.from({ length: 3000 }, newDoc);
    await inst.bulkWrite(
      seed.map((document) => ({ document })),
      'seed',
    );
    const ids = seed.map((d) => d.id);
    // Documents are generated before timing; every run inserts a fresh batch.
    const batches = Array.from({ length: 33 }, () =>
      Array.from({ length: 500 }, () => ({ document: newDoc() })),
    );
    let next = 0;
    const cpuBeforeInserts = process.cpuUsage();
    const inserts = await timeRuns(
      async () => {
        const res = await inst.bulkWrite(batches[next++] ?? [], 'bench');
        if (res.error.length > 0) throw new Error('benchmark batch conflicted');
      },
      { runs: 30, warmup: 3 },
    );
    const insertCpu = cpuMsPerCall(cpuBeforeInserts, 33);
    const cpuBeforeFinds = process.cpuUsage();
    const finds = await timeRuns(() => inst.findDocumentsById(ids, false), { runs: 30, warmup: 3 });
    const findCpu = cpuMsPerCall(cpuBeforeFinds, 33);
    directRows.push(
      {
        storage: label,
        operation: 'bulkWrite 500 new docs',
        runs: 30,
        median_ms: median(inserts),
        cpu_ms_per_call: insertCpu,
        p90_ms: percentile(inserts, 90),
      },
      {
        storage: label,
        operation: 'findDocumentsById 3000',
        runs: 30,
        median_ms: median(finds),
        cpu_ms_per_call: findCpu,
        p90_ms: percentile(finds, 90),
      },
    );
    await inst.remove();
  }
}
report('storage-direct', directRows, {
  note: 'storage instance calls only; collection growing from 3,000 docs during the insert runs',
  'memory storage':
    'indexes its writes lazily (on the next read), so its bulkWrite time excludes indexing',
});

// Cold open: a 100,000-document collection written once, then opened by a fresh storage
// (new SQLite connection, empty caches of this process) as the edge-agent does at start:
// database + collection, a count and the first page of an indexed query.
interface Sku {
  id: string;
  sku: string;
  name: string;
  price: number;
}
const skuSchema: RxJsonSchema<Sku> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 40 },
    sku: { type: 'string', maxLength: 40 },
    name: { type: 'string', maxLength: 100 },
    price: { type: 'number', minimum: 0, maximum: 1e9, multipleOf: 1 },
  },
  required: ['id', 'sku', 'name', 'price'],
  indexes: ['sku', 'price'],
};
const coldDir = join(dir, 'cold');
{
  const storage = getRxStorageMendianSqlite({ directory: coldDir });
  const inst = await storage.createStorageInstance<Sku>({
    databaseInstanceToken: randomToken(10),
    databaseName: 'store',
    collectionName: 'products',
    schema: fillWithDefaultSettings(skuSchema),
    options: {},
    multiInstance: false,
    devMode: false,
  });
  const lwt = Date.now();
  for (let i = 0; i < COLD_DOCS; i += 5000) {
    await inst.bulkWrite(
      Array.from({ length: 5000 }, (_, j) => {
        const n = i + j;
        return {
          document: {
            id: `p${String(n).padStart(7, '0')}`,
            sku: `69${String((n * 7919) % 10_000_000).padStart(11, '0')}`,
            name: `商品 ${n}`,
            price: (n * 37) % 100_000,
            _deleted: false,
            _attachments: {},
            _meta: { lwt },
            _rev: createRevision(randomToken(10)),
          },
        };
      }),
      'seed',
    );
  }
  await inst.close();
}
const coldTimes: number[] = [];
for (let i = 0; i < COLD_RUNS; i++) {
  const t0 = performance.now();
  const db = await createRxDatabase<{ products: RxCollection<Sku> }>({
    name: 'store',
    storage: getRxStorageMendianSqlite({ directory: coldDir }),
    multiInstance: false,
  });
  await db.addCollections({ products: { schema: skuSchema } });
  const count = await db.products.count().exec();
  const page = await db.products.find({ sort: [{ price: 'asc' }], limit: 50 }).exec();
  coldTimes.push(performance.now() - t0);
  if (count !== COLD_DOCS || page.length !== 50) throw new Error(`cold open read ${count} docs`);
  await db.close();
}
const cold = median(coldTimes);
rows.push({
  metric: `cold-open-${COLD_DOCS}-docs (db+collection+count+first page)`,
  sqlite_median_ms: cold,
  sqlite_p90_ms: percentile(coldTimes, 90),
  sqlite_normal_median_ms: '',
  memory_median_ms: '',
  ratio_sqlite_to_memory: '',
  goal_ms: 1000,
  meets_goal: cold < 1000 ? 'yes' : 'NO',
});

report('storage', rows, {
  runs: RUNS,
  'cold open runs': COLD_RUNS,
  'performance config':
    'runPerformanceTests runs=1 per call, 4 collections, 3000 docs, 6 insert batches',
  'sqlite columns': `synchronous=${sqlite.settings.synchronous} (default); sqlite_normal: synchronous=NORMAL`,
  'load average (1 min) at end': os.loadavg()[0]?.toFixed(2) ?? '',
  'peer (memory) note':
    'rxdb memory storage keeps nothing on disk; the ratio is the price of durability',
});
rmSync(dir, { recursive: true, force: true });
