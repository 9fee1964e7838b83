// Sync throughput: a store uploading a week of offline sales (10,000 orders) and downloading a
// 100,000-product catalog through real RxDB clients, against the sync-server on SQLite and on
// PostgreSQL and, in the same run, against RxDB's own replication-websocket server on rxdb's
// memory storage. Also the server's raw HTTP push and pull throughput without an RxDB client.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import {
  replicateWithWebsocketServer,
  startWebsocketServer,
} from 'rxdb/plugins/replication-websocket';
import { rxSchemaFor, ulid, type CollectionName } from '@mendian/protocol';
import {
  SyncHttpClient,
  SyncStatusStore,
  replicateCollection,
} from '@mendian/edge-agent/sync/index';
import { report } from '../../scripts/bench-kit.mjs';
import { createSyncServer } from '../src/http/server.js';
import { PostgresSyncStorage } from '../src/storage/postgres.js';
import { SqliteSyncStorage } from '../src/storage/sqlite.js';
import type { SyncStorage } from '../src/storage/types.js';
import { makeOrder, makeProduct } from '../test/support/fixtures.js';
import { startPostgres } from '../test/support/postgres.js';

const ORDERS = Number(process.env.SYNC_BENCH_ORDERS ?? 10_000);
const PRODUCTS = Number(process.env.SYNC_BENCH_PRODUCTS ?? 100_000);
const BATCH = 500;
const ADMIN = 'bench-admin-token-0123456789abcdef';

type Doc = Record<string, unknown>;
// A type alias, not an interface, so it fits the reporter's plain-record rows.
type Row = {
  target: string;
  workload: string;
  docs: number;
  seconds: number;
  docsPerSec: number;
  ratioVsRxdbWs?: number;
};

const storeId = ulid();
const orders = Array.from({ length: ORDERS }, () =>
  makeOrder(storeId, 'SH001', {
    lines: [
      { productId: ulid(), sku: 'MILK', quantity: 2, unitPrice: 550 },
      { productId: ulid(), sku: 'BREAD', quantity: 1, unitPrice: 1200 },
    ],
  }),
);
const products = Array.from({ length: PRODUCTS }, (_, i) => makeProduct(i));

function schemaOf(name: CollectionName): RxJsonSchema<Doc> {
  return rxSchemaFor(name) as unknown as RxJsonSchema<Doc>;
}

async function clientDb(names: CollectionName[]): Promise<RxDatabase> {
  const db = await createRxDatabase({
    name: `bench${ulid().toLowerCase()}`,
    storage: getRxStorageMemory(),
    multiInstance: false,
  });
  await db.addCollections(Object.fromEntries(names.map((n) => [n, { schema: schemaOf(n) }])));
  return db;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

function row(target: string, workload: string, docs: number, ms: number): Row {
  const seconds = ms / 1000;
  return { target, workload, docs, seconds, docsPerSec: Math.round(docs / seconds) };
}

async function seedProducts(storage: SyncStorage): Promise<void> {
  for (let i = 0; i < products.length; i += 2000) {
    const chunk = products.slice(i, i + 2000);
    await storage.transaction(async (tx) => {
      await tx.lockFeeds(['products']);
      await tx.write(
        'products',
        chunk.map((p) => ({
          id: p.id,
          doc: { ...p, _deleted: false },
          ownerStoreId: null,
          audience: 'all' as const,
        })),
      );
    });
  }
}

async function post(url: string, token: string, body: unknown): Promise<Doc> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Doc;
}

async function benchSyncServer(name: string, storage: SyncStorage): Promise<Row[]> {
  const rows: Row[] = [];
  const server = createSyncServer({ storage, adminToken: ADMIN, maxPullLimit: 5000 });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = server.app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const reg = await post(`${url}/v1/admin/stores`, ADMIN, { storeId, code: 'SH001' });
  const credential = String(reg.credential);

  // RxDB client uploads a week of offline sales.
  const up = await clientDb(['orders']);
  await up.collections.orders!.bulkInsert(orders);
  let t0 = performance.now();
  const push = replicateCollection({
    collection: up.collections.orders as RxCollection<Doc>,
    direction: 'up',
    client: new SyncHttpClient({ baseUrl: url, credential }),
    status: new SyncStatusStore(),
    live: false,
    pushBatchSize: BATCH,
  });
  await push.state.awaitInitialReplication();
  rows.push(row(name, `rxdb client: upload ${ORDERS} orders`, ORDERS, performance.now() - t0));
  const stored = (await storage.all('orders')).length;
  if (stored !== ORDERS) throw new Error(`${name}: ${stored} orders stored, expected ${ORDERS}`);
  await push.stop();
  await up.close();

  // Raw push throughput: the same orders as a second store would send them, no RxDB client.
  const rawStore = ulid();
  const rawCred = String(
    (await post(`${url}/v1/admin/stores`, ADMIN, { storeId: rawStore, code: 'SH002' })).credential,
  );
  const rawOrders = orders.map((o) => ({
    ...o,
    id: ulid(),
    storeId: rawStore,
    storeCode: 'SH002',
    receiptNo: o.receiptNo.replace('SH001', 'SH002'),
  }));
  t0 = performance.now();
  for (let i = 0; i < rawOrders.length; i += BATCH) {
    const r = await post(
      `${url}/v1/sync/orders/push`,
      rawCred,
      rawOrders.slice(i, i + BATCH).map((o) => ({ newDocumentState: { ...o, _deleted: false } })),
    );
    if ((r.written as number) !== Math.min(BATCH, rawOrders.length - i))
      throw new Error('raw push lost docs');
  }
  rows.push(
    row(name, `http push ${ORDERS} orders (batches of ${BATCH})`, ORDERS, performance.now() - t0),
  );

  // Catalog download.
  await seedProducts(storage);
  const down = await clientDb(['products']);
  t0 = performance.now();
  const pull = replicateCollection({
    collection: down.collections.products as RxCollection<Doc>,
    direction: 'down',
    client: new SyncHttpClient({ baseUrl: url, credential }),
    status: new SyncStatusStore(),
    live: false,
    pullBatchSize: BATCH,
  });
  await pull.state.awaitInitialReplication();
  rows.push(
    row(name, `rxdb client: download ${PRODUCTS} products`, PRODUCTS, performance.now() - t0),
  );
  const got = await down.collections.products!.count().exec();
  if (got !== PRODUCTS) throw new Error(`${name}: client has ${got} products`);
  await pull.stop();
  await down.close();

  t0 = performance.now();
  let checkpoint: unknown = null;
  let pulled = 0;
  for (;;) {
    const page = await post(`${url}/v1/sync/products/pull`, credential, {
      checkpoint,
      limit: 5000,
    });
    const docs = page.documents as Doc[];
    pulled += docs.length;
    checkpoint = page.checkpoint;
    if (docs.length < 5000) break;
  }
  rows.push(
    row(name, `http pull ${PRODUCTS} products (pages of 5000)`, pulled, performance.now() - t0),
  );
  await server.close();
  return rows;
}

async function benchRxdbWebsocket(): Promise<Row[]> {
  const rows: Row[] = [];
  const serverDb = await clientDb(['orders', 'products']);
  const port = await freePort();
  const ws = startWebsocketServer({ database: serverDb, port, host: '127.0.0.1' });
  const url = `ws://127.0.0.1:${port}`;

  const up = await clientDb(['orders']);
  await up.collections.orders!.bulkInsert(orders);
  let t0 = performance.now();
  const push = await replicateWithWebsocketServer({
    collection: up.collections.orders!,
    url,
    replicationIdentifier: 'bench-up',
    live: false,
    batchSize: BATCH,
  });
  await push.awaitInitialReplication();
  rows.push(
    row('rxdb ws (memory)', `rxdb client: upload ${ORDERS} orders`, ORDERS, performance.now() - t0),
  );
  const stored = await serverDb.collections.orders!.count().exec();
  if (stored !== ORDERS) throw new Error(`rxdb ws: ${stored} orders on the server`);
  await push.cancel();
  await up.close();

  await serverDb.collections.products!.bulkInsert(products);
  const down = await clientDb(['products']);
  t0 = performance.now();
  const pull = await replicateWithWebsocketServer({
    collection: down.collections.products!,
    url,
    replicationIdentifier: 'bench-down',
    live: false,
    batchSize: BATCH,
  });
  await pull.awaitInitialReplication();
  rows.push(
    row(
      'rxdb ws (memory)',
      `rxdb client: download ${PRODUCTS} products`,
      PRODUCTS,
      performance.now() - t0,
    ),
  );
  const got = await down.collections.products!.count().exec();
  if (got !== PRODUCTS) throw new Error(`rxdb ws: client has ${got} products`);
  await pull.cancel();
  await down.close();
  await ws.close();
  await serverDb.close();
  return rows;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'mendian-sync-bench-'));
  const sqlite = new SqliteSyncStorage({ file: join(dir, 'sync.sqlite') });
  rows.push(...(await benchSyncServer('sync-server sqlite', sqlite)));
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });

  const pgServer = await startPostgres();
  try {
    const pgStorage = await PostgresSyncStorage.open({
      connectionString: await pgServer.createDatabase('bench'),
    });
    rows.push(...(await benchSyncServer('sync-server postgres', pgStorage)));
    await pgStorage.close();
  } finally {
    await pgServer.stop();
  }

  const peer = await benchRxdbWebsocket();
  rows.push(...peer);
  for (const r of rows) {
    const p = peer.find((x) => x.workload === r.workload);
    if (p && r.target !== p.target)
      r.ratioVsRxdbWs = Number((r.docsPerSec / p.docsPerSec).toFixed(2));
  }
  report('sync', rows, {
    orders: ORDERS,
    products: PRODUCTS,
    batch: BATCH,
    ratio: 'docs/s of the row over docs/s of rxdb ws on the same workload (>1 = faster)',
    clients: 'rxdb memory storage, no schema validation, on both sides of the peer',
    note: 'one run per cell on a shared 2-core machine; the sync-server validates every pushed order with zod and derives its stock movements, the rxdb ws server does neither',
  });
}

await main();
