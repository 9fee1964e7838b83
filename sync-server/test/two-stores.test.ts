import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRxStorageMendianSqlite } from '@mendian/edge-agent/storage';
import { ulid, type CollectionName, type Member, type SyncStatus } from '@mendian/protocol';
import {
  replicatedCollectionCreators,
  startStoreReplication,
  type StoreReplication,
} from '@mendian/edge-agent/sync/index';
import type { SyncStorage } from '../src/storage/types.js';
import { api } from './support/api.js';
import { backends } from './support/backends.js';
import { makeMember, makeOrder, makePrice, makeProduct, wire } from './support/fixtures.js';
import { startLinkProxy, type LinkProxy } from './support/proxy.js';
import { ADMIN_TOKEN, listen, registerStore, type RunningServer } from './support/server.js';

const NAMES: CollectionName[] = [
  'products',
  'prices',
  'members',
  'orders',
  'stockMovements',
  'pointsEntries',
];

type Levels = { levels: Record<string, number> };

interface Store {
  id: string;
  code: string;
  db: RxDatabase;
  link: LinkProxy;
  credential: string;
  sync: StoreReplication;
}

/**
 * Two stores replicating with one sync-server through real RxDB clients on the edge storage
 * (better-sqlite3 files) and a TCP link the test can cut. Selling is simulated by inserting
 * orders as checkout will; the selling domain does not exist yet.
 */
for (const backend of backends()) {
  describe(`two stores and the center on ${backend.name}`, () => {
    let storage: SyncStorage;
    let release: () => Promise<void>;
    let running: RunningServer;
    const stores: Store[] = [];
    const dirs: string[] = [];
    const hq = () => api(running.url, ADMIN_TOKEN);

    const openStore = async (code: string): Promise<Store> => {
      const id = ulid();
      const credential = await registerStore(running.url, id, code);
      const link = await startLinkProxy(running.url);
      const dir = mkdtempSync(join(tmpdir(), `mendian-${code.toLowerCase()}-`));
      dirs.push(dir);
      const db = await createRxDatabase({
        name: `store-${code.toLowerCase()}-${ulid().toLowerCase()}`,
        storage: getRxStorageMendianSqlite({ directory: dir, synchronous: 'NORMAL' }),
        multiInstance: false,
      });
      await db.addCollections(replicatedCollectionCreators(NAMES));
      const sync = startStoreReplication({
        collections: db.collections as StoreReplication['replications'] extends never
          ? never
          : Record<CollectionName, (typeof db.collections)[string]>,
        serverUrl: link.url,
        credential,
        retryTime: 200,
        pushBatchSize: 25,
      });
      const s = { id, code, db, link, credential, sync };
      stores.push(s);
      return s;
    };

    beforeAll(async () => {
      ({ storage, release } = await backend.open());
      running = await listen(storage);
    });
    afterAll(async () => {
      for (const s of stores) {
        await s.sync.stop();
        await s.db.close();
        await s.link.close();
      }
      await running.close();
      await release();
      await backend.shutdown();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    it('sells through an outage and reaches the center exactly once', async () => {
      const [milk, bread] = [makeProduct(1), makeProduct(2)];
      await hq().push('products', [wire(milk), wire(bread)]);
      await hq().push('prices', [wire(makePrice(milk.id, null, 500))]);
      const a = await openStore('SHA');
      const b = await openStore('SHB');
      const member = makeMember(a.id, '13800001111');
      await hq().push('members', [wire(member)]);
      await a.sync.awaitInSync();
      await b.sync.awaitInSync();
      await expect.poll(async () => (await a.db.collections.members!.find().exec()).length).toBe(1);
      expect(await b.db.collections.members!.count().exec()).toBe(0);
      expect(await a.db.collections.products!.count().exec()).toBe(2);
      expect(a.sync.status.get().online).toBe(true);
      expect(a.sync.status.get().pendingUploads.members).toBe(0);

      // Store A loses its uplink and keeps selling; B sells online; HQ receives stock for A.
      await a.link.cut();
      const line = (productId: string, sku: string, quantity: number) => ({
        productId,
        sku,
        quantity,
        unitPrice: 500,
      });
      const soldA = Array.from({ length: 60 }, (_, i) =>
        makeOrder(a.id, 'SHA', {
          lines: [line(milk.id, milk.sku, 1 + (i % 3)), line(bread.id, bread.sku, 1)],
          ...(i % 4 === 0
            ? { memberId: member.id, pointsEarned: 10, pointsRedeemed: i % 8 === 0 ? 3 : 0 }
            : {}),
        }),
      );
      await a.db.collections.orders!.bulkInsert(soldA);
      const soldB = Array.from({ length: 20 }, () =>
        makeOrder(b.id, 'SHB', { lines: [line(milk.id, milk.sku, 2)] }),
      );
      await b.db.collections.orders!.bulkInsert(soldB);
      const receipt = {
        schemaVersion: 1,
        id: ulid(),
        storeId: a.id,
        productId: milk.id,
        sku: milk.sku,
        kind: 'receipt',
        quantityDelta: 500,
        reason: null,
        sourceType: 'purchase',
        sourceId: null,
        location: 'any',
        staffId: null,
        createdAt: Date.now(),
      };
      await hq().push('stockMovements', [wire(receipt)]);
      await b.sync.awaitInSync();

      // While apart, the till tags the member and HQ changes the member's phone.
      const membersA = a.db.collections.members as RxCollection<Member>;
      const local = await membersA.findOne(member.id).exec(true);
      await local.incrementalPatch({
        tags: ['常客'],
        fieldUpdatedAt: { ...member.fieldUpdatedAt, tags: member.updatedAt + 10 },
      });
      const hqMember = {
        ...member,
        phone: '13922223333',
        fieldUpdatedAt: { ...member.fieldUpdatedAt, phone: member.updatedAt + 5 },
      };
      expect((await hq().push('members', [wire(hqMember)], wire(member))).body.written).toBe(1);

      await expect.poll(() => a.sync.status.get().online, { timeout: 10_000 }).toBe(false);
      const ordersA = a.sync.replications.get('orders')!;
      expect(await ordersA.refreshPending()).toBe(60);
      expect(a.sync.status.get().pendingUploads.orders).toBe(60);
      expect(a.sync.status.get().lastError?.code).toBe('OFFLINE');
      expect(await a.sync.replications.get('members')!.refreshPending()).toBe(1);

      // The link returns: the backlog goes up in batches with progress, then nothing is pending.
      const seen: SyncStatus[] = [];
      const off = a.sync.status.subscribe((s) => seen.push(s));
      await a.link.restore();
      await expect
        .poll(async () => (await storage.all('orders')).length, { timeout: 20_000 })
        .toBe(80);
      await a.sync.awaitInSync();
      off();
      expect(a.sync.status.get().pendingUploads.orders).toBe(0);
      expect(a.sync.status.get().backlog).toBeNull();
      const progress = seen.flatMap((s) => (s.backlog ? [s.backlog.done] : []));
      expect(progress.length).toBeGreaterThan(0);
      expect(Math.max(...progress)).toBeLessThan(60);

      // Exactly once: every order once, and what the center derived equals what the facts say.
      const center = (await storage.all('orders')).map((r) => r.doc.id);
      expect(new Set(center).size).toBe(80);
      const soldMilkA = soldA.reduce((s, o) => s + o.lines[0]!.quantity, 0);
      const levelsA = (await hq().call<Levels>('GET', `/v1/hq/stock?storeId=${a.id}`)).body;
      expect(levelsA.levels).toEqual({ [milk.id]: 500 - soldMilkA, [bread.id]: -60 });
      const levelsB = (await hq().call<Levels>('GET', `/v1/hq/stock?storeId=${b.id}`)).body;
      expect(levelsB.levels).toEqual({ [milk.id]: -40 });
      const points = soldA.reduce((s, o) => s + o.pointsEarned - o.pointsRedeemed, 0);
      const bal = (
        await hq().call<{ balance: number }>('GET', `/v1/hq/points?memberId=${member.id}`)
      ).body;
      expect(bal.balance).toBe(points);
      // Both member edits survive, merged field by field, at the center and at the till.
      await expect
        .poll(async () => (await storage.all('members'))[0]?.doc.tags, { timeout: 10_000 })
        .toEqual(['常客']);
      expect((await storage.all('members'))[0]?.doc.phone).toBe('13922223333');
      await expect
        .poll(async () => (await membersA.findOne(member.id).exec(true)).phone)
        .toBe('13922223333');
      expect(a.sync.status.get().pendingUploads.members).toBe(0);
      // The center's derived stock movements come back down to the store that sold.
      await expect
        .poll(async () => a.db.collections.stockMovements!.count().exec(), { timeout: 10_000 })
        .toBe(121);
    });

    it('shows a refused document on the status and loses nothing else of its batch', async () => {
      const [a, b] = stores;
      const before = (await storage.all('orders')).length;
      const foreign = makeOrder(b!.id, 'SHB');
      const fine = makeOrder(a!.id, 'SHA');
      await a!.db.collections.orders!.bulkInsert([foreign, fine]);
      await expect
        .poll(() => a!.sync.status.get().lastError?.code, { timeout: 10_000 })
        .toBe('REJECTED');
      expect(a!.sync.status.get().lastError?.message).toContain(foreign.id);
      expect(a!.sync.status.get().lastError?.collection).toBe('orders');
      await a!.sync.awaitInSync();
      const ids = (await storage.all('orders')).map((r) => r.id);
      expect(ids).toHaveLength(before + 1);
      expect(ids).toContain(fine.id);
      expect(ids).not.toContain(foreign.id);
    });

    it('resumes a push that stopped halfway without sending anything twice', async () => {
      const a = stores[0]!;
      const ordersA = a.sync.replications.get('orders')!;
      await ordersA.stop();
      const before = (await storage.all('orders')).length;
      const batch = Array.from({ length: 200 }, () => makeOrder(a.id, 'SHA'));
      await a.db.collections.orders!.bulkInsert(batch);
      // Start, let some batches reach the center, then stop abruptly (as a killed process would).
      const again = startStoreReplication({
        collections: { orders: a.db.collections.orders! },
        serverUrl: a.link.url,
        credential: a.credential,
        pushBatchSize: 20,
      });
      await expect
        .poll(async () => (await storage.all('orders')).length, { timeout: 20_000 })
        .toBeGreaterThan(before + 20);
      await again.stop();
      const midway = (await storage.all('orders')).length;
      expect(midway).toBeLessThan(before + 200);
      const resumed = startStoreReplication({
        collections: { orders: a.db.collections.orders! },
        serverUrl: a.link.url,
        credential: a.credential,
        pushBatchSize: 20,
      });
      await resumed.awaitInSync();
      await expect
        .poll(async () => (await storage.all('orders')).length, { timeout: 20_000 })
        .toBe(before + 200);
      expect(resumed.status.get().pendingUploads.orders).toBe(0);
      await resumed.stop();
    });
  });
}
