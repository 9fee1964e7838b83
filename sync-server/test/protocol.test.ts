import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ulid } from '@mendian/protocol';
import type { SyncStorage } from '../src/storage/types.js';
import { api, idsOf, type Doc, type PullBody } from './support/api.js';
import { backends } from './support/backends.js';
import { makeMember, makeOrder, makePrice, makeProduct, wire } from './support/fixtures.js';
import { ADMIN_TOKEN, listen, registerStore, type RunningServer } from './support/server.js';

const DAY = 86_400_000;

for (const backend of backends()) {
  describe(`sync-server HTTP protocol on ${backend.name}`, () => {
    let storage: SyncStorage;
    let release: () => Promise<void>;
    let running: RunningServer;
    const clock = { t: Date.now() };
    let A: ReturnType<typeof api>;
    let B: ReturnType<typeof api>;
    let hq: ReturnType<typeof api>;
    const storeA = ulid();
    const storeB = ulid();

    beforeAll(async () => {
      ({ storage, release } = await backend.open(() => clock.t));
      running = await listen(storage, { now: () => clock.t, tombstoneRetentionMs: 90 * DAY });
    });
    beforeEach(async () => {
      await storage.reset();
      hq = api(running.url, ADMIN_TOKEN);
      A = api(running.url, await registerStore(running.url, storeA, 'SHA'));
      B = api(running.url, await registerStore(running.url, storeB, 'SHB'));
    });
    afterAll(async () => {
      await running.close();
      await release();
      await backend.shutdown();
    });

    it('refuses unauthenticated and wrongly authenticated requests', async () => {
      const anon = api(running.url, null);
      const forged = api(running.url, 'mds_not-a-real-credential');
      for (const caller of [anon, forged]) {
        const pulled = await caller.pull('orders');
        expect(pulled.status).toBe(401);
        expect(pulled.body.error.code).toBe('UNAUTHENTICATED');
        expect((await caller.push('orders', [])).status).toBe(401);
        expect((await caller.call('GET', '/v1/sync/orders/stream')).status).toBe(401);
      }
      const asStore = await A.call('POST', '/v1/admin/stores', { storeId: ulid(), code: 'XX1' });
      expect(asStore.status).toBe(403);
      const dup = await hq.call('POST', '/v1/admin/stores', { storeId: storeA, code: 'SHA' });
      expect(dup.status).toBe(409);
      expect((await A.pull('noSuchCollection')).status).toBe(404);
    });

    it("keeps stores inside their scope: no reading or writing another store's orders", async () => {
      const orderB = makeOrder(storeB, 'SHB');
      expect((await B.push('orders', [wire(orderB)])).body.written).toBe(1);
      const pulledA = await A.pull('orders');
      expect(pulledA.body.documents).toEqual([]);
      const pulledB = await B.pull('orders');
      expect(idsOf(pulledB.body.documents)).toEqual([orderB.id]);

      const forged = makeOrder(storeB, 'SHB');
      const mine = makeOrder(storeA, 'SHA');
      const res = await A.push('orders', [wire(forged), wire(mine)]);
      expect(res.status).toBe(200);
      expect(res.body.written).toBe(1);
      expect(res.body.rejected).toEqual([
        expect.objectContaining({ id: forged.id, code: 'FOREIGN_DOCUMENT' }),
      ]);
      // Taking over B's existing order by rewriting its storeId is refused too.
      const takeover = await A.push('orders', [wire({ ...orderB, storeId: storeA })]);
      expect(takeover.body.rejected[0]?.code).toBe('FOREIGN_DOCUMENT');
      const hqView = await hq.pull('orders');
      expect(idsOf(hqView.body.documents).sort()).toEqual([orderB.id, mine.id].sort());
    });

    it('refuses an invalid document with its reason and keeps the rest of the batch', async () => {
      const good = makeOrder(storeA, 'SHA');
      const bad = { ...makeOrder(storeA, 'SHA'), total: 1 };
      const res = await A.push('orders', [wire(bad), wire(good), { _deleted: false }]);
      expect(res.body.written).toBe(1);
      expect(res.body.rejected).toHaveLength(2);
      expect(res.body.rejected[0]).toMatchObject({ id: bad.id, code: 'INVALID_DOCUMENT' });
      expect(res.body.rejected[0]?.reason).toMatch(/total/);
      expect(res.body.rejected[1]).toMatchObject({ id: null, code: 'INVALID_DOCUMENT' });
      const malformed = await A.call('POST', '/v1/sync/orders/push', { not: 'an array' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe('VALIDATION_FAILED');
    });

    it('applies a retried push once and refuses another content under the same fact id', async () => {
      const member = makeMember(storeA, '13800000001');
      await hq.push('members', [wire(member)]);
      const productId = ulid();
      const order = makeOrder(storeA, 'SHA', {
        lines: [{ productId, sku: 'MILK', quantity: 3, unitPrice: 500 }],
        memberId: member.id,
        pointsEarned: 15,
        pointsRedeemed: 5,
      });
      const first = await A.push('orders', [wire(order)]);
      expect(first.body).toMatchObject({ written: 1, unchanged: 0, derived: 3, conflicts: [] });
      const retry = await A.push('orders', [wire(order)]);
      expect(retry.body).toMatchObject({ written: 0, unchanged: 1, derived: 0, rejected: [] });

      const changed = await A.push('orders', [wire({ ...order, laneCode: '02' })]);
      expect(changed.body.rejected[0]).toMatchObject({ id: order.id, code: 'FACT_IMMUTABLE' });
      const deleted = await A.push('orders', [wire(order, true)], wire(order));
      expect(deleted.body.rejected[0]?.code).toBe('FACT_IMMUTABLE');

      const stock = (await storage.all('stockMovements')).map((r) => r.doc);
      expect(stock).toHaveLength(1);
      expect(stock[0]).toMatchObject({
        id: `stk:${order.id}:1`,
        quantityDelta: -3,
        storeId: storeA,
        sourceId: order.id,
      });
      const points = (await storage.all('pointsEntries')).map((r) => r.doc.id).sort();
      expect(points).toEqual([`pts:${order.id}:earn`, `pts:${order.id}:redeem`]);
      const lvl = await hq.call('GET', `/v1/hq/stock?storeId=${storeA}`);
      expect(lvl.body.levels).toEqual({ [productId]: -3 });
      const bal = await hq.call('GET', `/v1/hq/points?memberId=${member.id}`);
      expect(bal.body.balance).toBe(10);
      // The store pulls what the center derived for it; the derived rows are the server's own.
      const pulled = await A.pull('stockMovements');
      expect(idsOf(pulled.body.documents)).toEqual([`stk:${order.id}:1`]);
      const tamper = await A.push('stockMovements', [{ ...stock[0], quantityDelta: -1 }]);
      expect(tamper.body.rejected[0]?.code).toBe('FOREIGN_DOCUMENT');
      // A sellable return puts stock back; a damaged one does not.
      const ret = makeOrder(storeA, 'SHA', {
        kind: 'return',
        returnOf: order.id,
        lines: [{ productId, sku: 'MILK', quantity: 1, unitPrice: 500 }],
      });
      const dmg = makeOrder(storeA, 'SHA', {
        kind: 'return',
        returnOf: order.id,
        restock: 'damaged',
        lines: [{ productId, sku: 'MILK', quantity: 1, unitPrice: 500 }],
      });
      await A.push('orders', [wire(ret), wire(dmg)]);
      const lvl2 = await hq.call('GET', `/v1/hq/stock?storeId=${storeA}`);
      expect(lvl2.body.levels).toEqual({ [productId]: -2 });
    });

    it('serves reference data by scope and lets only HQ write chain-wide items', async () => {
      const chain = makeProduct(1);
      const localA = makeProduct(2, storeA);
      expect((await A.push('products', [wire(chain)])).body.rejected[0]?.code).toBe(
        'FOREIGN_DOCUMENT',
      );
      expect((await hq.push('products', [wire(chain)])).body.written).toBe(1);
      expect((await A.push('products', [wire(localA)])).body.written).toBe(1);
      const seenA = idsOf((await A.pull('products')).body.documents);
      const seenB = idsOf((await B.pull('products')).body.documents);
      expect(seenA).toEqual([chain.id, localA.id]);
      expect(seenB).toEqual([chain.id]);

      const prices = [
        makePrice(chain.id, null, 990),
        makePrice(chain.id, storeA, 890),
        makePrice(chain.id, storeB, 950),
      ];
      await hq.push(
        'prices',
        prices.map((p) => wire(p)),
      );
      const pa = (await A.pull('prices')).body.documents.map((d) => d.amount);
      expect(pa).toEqual([990, 890]);
      expect(
        (await A.push('prices', [wire({ ...prices[1]!, amount: 1 })], wire(prices[1]!))).body
          .rejected[0]?.code,
      ).toBe('FOREIGN_DOCUMENT');
    });

    it('answers a push on a stale master with the current master state (by content)', async () => {
      const m = makeMember(storeA, '13800000002');
      await A.push('members', [wire(m)]);
      const hqEdit = { ...m, tier: 'gold', fieldUpdatedAt: { ...m.fieldUpdatedAt, tier: 2 } };
      expect((await hq.push('members', [wire(hqEdit)], wire(m))).body.written).toBe(1);
      const storeEdit = { ...m, name: '李四' };
      const res = await A.push('members', [wire(storeEdit)], wire(m));
      expect(res.body.written).toBe(0);
      expect(res.body.conflicts).toEqual([wire(hqEdit)]);
      // The same assumed state with its keys in another order and RxDB's bookkeeping still matches.
      const reordered = Object.fromEntries(Object.entries(wire(hqEdit)).reverse());
      const ok = await A.push('members', [wire({ ...hqEdit, name: '李四' })], {
        ...reordered,
        _meta: { lwt: 1 },
        _rev: '1-abc',
      });
      expect(ok.body).toMatchObject({ written: 1, conflicts: [] });
    });

    it('lets a store see another store’s member only after looking it up online', async () => {
      const m = makeMember(storeB, '13900000003');
      await B.push('members', [wire(m)]);
      expect((await A.pull('members')).body.documents).toEqual([]);
      const update = { ...m, tags: ['vip'] };
      expect((await A.push('members', [wire(update)], wire(m))).body.rejected[0]?.code).toBe(
        'FOREIGN_DOCUMENT',
      );
      const found = await A.call<{ members: Doc[] }>('GET', '/v1/members/lookup?phone=13900000003');
      expect(idsOf(found.body.members)).toEqual([m.id]);
      expect(idsOf((await A.pull('members')).body.documents)).toEqual([m.id]);
      expect((await A.push('members', [wire(update)], wire(m))).body.written).toBe(1);
      const bad = await A.call('GET', '/v1/members/lookup?phone=abc');
      expect(bad.status).toBe(400);
    });

    it('pages by the limit and restarts cleanly from another epoch', async () => {
      await hq.push(
        'categories',
        [0, 1, 2, 3, 4].map((i) =>
          wire({
            schemaVersion: 1,
            id: ulid(),
            code: `C${i}`,
            name: { zh: `类${i}` },
            parentId: null,
            updatedAt: 1,
          }),
        ),
      );
      const p1 = await A.pull('categories', null, 2);
      expect(p1.body.documents).toHaveLength(2);
      const p2 = await A.pull('categories', p1.body.checkpoint, 2);
      const p3 = await A.pull('categories', p2.body.checkpoint, 2);
      expect(p3.body.documents).toHaveLength(1);
      const p4 = await A.pull('categories', p3.body.checkpoint, 2);
      expect(p4.body.documents).toEqual([]);
      expect(p4.body.checkpoint).toEqual(p3.body.checkpoint);
      const foreign = await A.pull('categories', { epoch: 'another-db', seq: 5 }, 10);
      expect(foreign.body.restarted).toBe('epoch');
      expect(foreign.body.documents).toHaveLength(5);
      expect(foreign.body.checkpoint.epoch).toBe(storage.epoch());
      const junk = await A.pull('categories', { epoch: 1, seq: 'x' }, 10);
      expect(junk.status).toBe(400);
    });

    it('keeps tombstones for the retention period, then tells older checkpoints to start over', async () => {
      const p = makeProduct(9);
      await hq.push('products', [wire(p)]);
      const cp = (await A.pull('products')).body.checkpoint;
      await hq.push('products', [wire(p, true)], wire(p));
      clock.t += 89 * DAY;
      await hq.call('POST', '/v1/admin/purge');
      const within = await A.pull('products', cp);
      expect(within.body.restarted).toBeUndefined();
      expect(within.body.documents).toEqual([wire(p, true)]);
      clock.t += 2 * DAY;
      const purged = await hq.call('POST', '/v1/admin/purge');
      expect(purged.body.purged).toBe(1);
      const stale = await A.pull('products', cp);
      expect(stale.body.restarted).toBe('expired');
      expect(stale.body.documents).toEqual([]);
      const fresh = await A.pull('products', stale.body.checkpoint);
      expect(fresh.body.restarted).toBeUndefined();
    });

    it('streams RESYNC on connect, then only the changes a store may see', async () => {
      const open = async (token: string) => {
        const ctrl = new AbortController();
        const res = await fetch(`${running.url}/v1/sync/orders/stream`, {
          headers: { authorization: `Bearer ${token}` },
          signal: ctrl.signal,
        });
        const events: ('RESYNC' | PullBody)[] = [];
        const reader = (res.body as ReadableStream<Uint8Array>).getReader();
        const dec = new TextDecoder();
        let buf = '';
        void (async () => {
          try {
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              buf += dec.decode(value, { stream: true });
              let i: number;
              while ((i = buf.indexOf('\n\n')) >= 0) {
                const line = buf.slice(0, i);
                buf = buf.slice(i + 2);
                if (line.startsWith('data: '))
                  events.push(JSON.parse(line.slice(6)) as 'RESYNC' | PullBody);
              }
            }
          } catch {
            // aborted
          }
        })();
        return { events, close: () => ctrl.abort() };
      };
      const tokenA = await registerStore(running.url, ulid(), 'SHC');
      const sa = await open(tokenA);
      const sb = await open(ADMIN_TOKEN);
      await expect.poll(() => sa.events).toEqual(['RESYNC']);
      await expect.poll(() => sb.events).toEqual(['RESYNC']);
      const o = makeOrder(storeB, 'SHB');
      await B.push('orders', [wire(o)]);
      await expect.poll(() => sb.events.length).toBe(2);
      expect(idsOf((sb.events[1] as PullBody).documents)).toEqual([o.id]);
      await new Promise((r) => setTimeout(r, 200));
      expect(sa.events).toEqual(['RESYNC']);
      sa.close();
      sb.close();
    });
  });
}
