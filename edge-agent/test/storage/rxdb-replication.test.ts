import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addRxPlugin, createRxDatabase, rxStorageInstanceToReplicationHandler } from 'rxdb';
import type { RxCollection, RxDatabase, RxJsonSchema } from 'rxdb';
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { orderSchema, productSchema, rxSchemaFor, ulid, type DocumentOf } from '@mendian/protocol';
import { storageIn, tempDirectory } from './helpers.js';

type Product = DocumentOf<'products'>;
type Order = DocumentOf<'orders'>;
type Collections = {
  products: RxCollection<Product>;
  orders: RxCollection<Order>;
};

disableWarnings();
addRxPlugin(RxDBDevModePlugin);

const tmp = tempDirectory('rxdb');
let store: RxDatabase<Collections>;
let center: RxDatabase<Collections>;
const replications: RxReplicationState<unknown, unknown>[] = [];

function product(i: number, patch: Partial<Product> = {}): Product {
  return productSchema.parse({
    schemaVersion: 1,
    id: ulid(),
    sku: `69012345${String(i).padStart(5, '0')}`,
    name: { zh: i % 2 ? `𠮷野家便当 ${i}` : `农夫山泉 ${i}`, en: `Item ${i}` },
    pinyinInitials: i % 2 ? 'JYJBD' : 'NFSQ',
    barcodes: [`69012345${String(i).padStart(5, '0')}`],
    unit: 'piece',
    soldBy: 'piece',
    taxRate: 1300,
    categoryId: null,
    ownerStoreId: null,
    active: true,
    updatedAt: 1_763_900_000_000 + i,
    ...patch,
  });
}

function order(n: number): Order {
  return orderSchema.parse({
    schemaVersion: 1,
    id: ulid(),
    kind: 'sale',
    storeId: ulid(),
    storeCode: 'SH001',
    laneCode: '01',
    receiptNo: `SH001-01-${String(n).padStart(8, '0')}`,
    cashierId: ulid(),
    shiftId: ulid(),
    memberId: null,
    lines: [
      {
        lineId: '1',
        productId: ulid(),
        sku: '6901234567892',
        name: { zh: '农夫山泉 550ml' },
        soldBy: 'piece',
        quantity: 1,
        unitPrice: 200,
        grossAmount: 200,
        discounts: [],
        netAmount: 200,
        taxRate: 1300,
        taxAmount: 23,
      },
    ],
    subtotal: 200,
    discountTotal: 0,
    rounding: 0,
    total: 200,
    payments: [{ paymentId: ulid(), method: 'cash', amount: 200, at: 1 }],
    pointsEarned: 0,
    pointsRedeemed: 0,
    returnOf: null,
    approvals: [],
    createdAt: 1_763_900_000_000 + n,
  });
}

async function openDatabase(name: string): Promise<RxDatabase<Collections>> {
  const db = await createRxDatabase<Collections>({
    name,
    storage: wrappedValidateAjvStorage({ storage: storageIn(tmp.dir) }),
    multiInstance: false,
  });
  await db.addCollections({
    products: { schema: rxSchemaFor('products') as unknown as RxJsonSchema<Product> },
    orders: { schema: rxSchemaFor('orders') as unknown as RxJsonSchema<Order> },
  });
  return db;
}

/** Replicates a store collection with the center's collection through in-process handlers. */
function replicate<T>(local: RxCollection<T>, remote: RxCollection<T>) {
  const handler = rxStorageInstanceToReplicationHandler<T, unknown>(
    remote.storageInstance,
    remote.conflictHandler,
    remote.database.token,
  );
  const state = replicateRxCollection<T, unknown>({
    collection: local,
    replicationIdentifier: `store-center-${local.name}`,
    live: true,
    retryTime: 100,
    pull: {
      handler: (checkpoint, batchSize) => handler.masterChangesSince(checkpoint, batchSize),
      stream$: handler.masterChangeStream$,
      batchSize: 50,
    },
    push: { handler: (rows) => handler.masterWrite(rows), batchSize: 50 },
  });
  state.error$.subscribe((err) => console.error('replication error', err));
  replications.push(state as RxReplicationState<unknown, unknown>);
  return state;
}

beforeAll(async () => {
  store = await openDatabase('store-sh001');
  center = await openDatabase('center');
});

afterAll(async () => {
  for (const r of replications) await r.cancel();
  await store?.close();
  await center?.close();
  tmp.cleanup();
});

describe('RxDB on the Mendian storage', () => {
  test('accepts the protocol schemas of products and orders and queries by their indexes', async () => {
    const products = Array.from({ length: 40 }, (_, i) => product(i));
    const res = await store.products.bulkInsert(products);
    expect(res.error).toEqual([]);
    const nfsq = await store.products.find({ selector: { pinyinInitials: 'NFSQ' } }).exec();
    expect(nfsq).toHaveLength(20);
    const bySku = await store.products.findOne({ selector: { sku: products[7]?.sku } }).exec();
    expect(bySku?.name.zh).toBe('𠮷野家便当 7');
    const recent = await store.products
      .find({ selector: { updatedAt: { $gte: 1_763_900_000_030 } }, sort: [{ updatedAt: 'desc' }] })
      .exec();
    expect(recent.map((p) => p.updatedAt)).toEqual(
      Array.from({ length: 10 }, (_, i) => 1_763_900_000_039 - i),
    );
    expect(await store.products.count({ selector: { pinyinInitials: 'JYJBD' } }).exec()).toBe(20);
    expect(await store.products.count().exec()).toBe(40);
    await store.products.find().remove();
    expect(await store.products.count().exec()).toBe(0);
  });

  test('live replication between two databases converges both ways, deletes included', async () => {
    const orders = replicate(store.orders, center.orders);
    const products = replicate(store.products, center.products);
    // Sales happen at the store, the catalog comes from the center.
    await store.orders.bulkInsert(Array.from({ length: 120 }, (_, i) => order(i)));
    await center.products.bulkInsert(Array.from({ length: 80 }, (_, i) => product(i)));
    await orders.awaitInSync();
    await products.awaitInSync();
    expect(await center.orders.count().exec()).toBe(120);
    expect(await store.products.count().exec()).toBe(80);

    // Live changes after the initial sync: a price-relevant edit at the center, a delete at
    // the store; both sides end identical.
    const first = await center.products.findOne({ selector: { sku: '6901234500003' } }).exec();
    await first?.incrementalPatch({ active: false });
    const gone = await store.orders
      .findOne({ selector: { receiptNo: 'SH001-01-00000005' } })
      .exec();
    await gone?.remove();
    await orders.awaitInSync();
    await products.awaitInSync();
    await waitFor(async () => (await center.orders.count().exec()) === 119);
    await waitFor(
      async () =>
        (await store.products.findOne({ selector: { sku: '6901234500003' } }).exec())?.active ===
        false,
    );
    const plain = <T>(docs: { toJSON(): T }[]) => docs.map((d) => d.toJSON());
    const sort = [{ id: 'asc' as const }];
    expect(plain(await store.orders.find({ sort }).exec())).toEqual(
      plain(await center.orders.find({ sort }).exec()),
    );
    expect(plain(await store.products.find({ sort }).exec())).toEqual(
      plain(await center.products.find({ sort }).exec()),
    );
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
