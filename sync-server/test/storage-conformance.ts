import { expect, it } from 'vitest';
import type { RowWrite, SyncStorage } from '../src/storage/types.js';
import type { Backend } from './support/backends.js';

function row(id: string, audience: RowWrite['audience'], extra: Record<string, unknown> = {}) {
  return {
    id,
    doc: { id, ...extra, _deleted: extra._deleted === true },
    ownerStoreId: audience === 'all' ? null : (audience[0] ?? null),
    audience,
  };
}

async function write(s: SyncStorage, collection: string, rows: RowWrite[]): Promise<void> {
  await s.transaction(async (tx) => {
    await tx.lockFeeds([collection]);
    await tx.write(collection, rows);
  });
}

const ids = (rows: { doc: Record<string, unknown> }[]) => rows.map((r) => r.doc.id);

/**
 * The contract every sync storage backend keeps; SQLite and PostgreSQL run this same suite.
 * `ctx()` gives a fresh storage for each test and a clock the test can move.
 */
export function storageConformance(
  backend: Backend,
  ctx: () => { storage: SyncStorage; clock: { t: number } },
): void {
  it('hands out cursors in write order and pulls after a cursor', async () => {
    const { storage: s } = ctx();
    await write(s, 'c', [row('a', 'all'), row('b', 'all')]);
    await write(s, 'c', [row('c', 'all')]);
    const all = await s.pull('c', { afterSeq: 0, storeId: null, limit: 10 });
    expect(ids(all)).toEqual(['a', 'b', 'c']);
    expect(all.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(ids(await s.pull('c', { afterSeq: 2, storeId: null, limit: 10 }))).toEqual(['c']);
    expect(await s.feedState('c')).toEqual({ seq: 3, purgedSeq: 0 });
    expect(await s.feedState('other')).toEqual({ seq: 0, purgedSeq: 0 });
  });

  it('moves an updated document to the head of its feed', async () => {
    const { storage: s } = ctx();
    await write(s, 'c', [row('a', 'all', { v: 1 }), row('b', 'all')]);
    await write(s, 'c', [row('a', 'all', { v: 2 })]);
    const all = await s.pull('c', { afterSeq: 0, storeId: null, limit: 10 });
    expect(ids(all)).toEqual(['b', 'a']);
    expect(all[1]?.doc.v).toBe(2);
  });

  it('applies scope before the limit, so a short page means nothing more is visible', async () => {
    const { storage: s } = ctx();
    await write(
      s,
      'orders',
      Array.from({ length: 10 }, (_, i) => row(`b${i}`, ['storeB'])),
    );
    await write(s, 'orders', [row('a1', ['storeA']), row('all1', 'all'), row('a2', ['storeA'])]);
    const page = await s.pull('orders', { afterSeq: 0, storeId: 'storeA', limit: 3 });
    expect(ids(page)).toEqual(['a1', 'all1', 'a2']);
    const b = await s.pull('orders', { afterSeq: 0, storeId: 'storeB', limit: 100 });
    expect(b).toHaveLength(11);
    expect(ids(b)).not.toContain('a1');
  });

  it('grants a store a document outside its scope and moves it to the head', async () => {
    const { storage: s } = ctx();
    await write(s, 'members', [row('m1', ['storeB']), row('m2', ['storeB'])]);
    expect(await s.pull('members', { afterSeq: 0, storeId: 'storeA', limit: 10 })).toEqual([]);
    await s.transaction(async (tx) => {
      await tx.lockFeeds(['members']);
      await tx.grant('members', 'm1', 'storeA');
    });
    const a = await s.pull('members', { afterSeq: 2, storeId: 'storeA', limit: 10 });
    expect(ids(a)).toEqual(['m1']);
    const got = await s.transaction((tx) => tx.getMany('members', ['m1', 'm2', 'nope']));
    expect(got.get('m1')?.grants).toEqual(['storeA']);
    expect(got.get('m1')?.ownerStoreId).toBe('storeB');
    expect(got.get('m2')?.grants).toEqual([]);
    expect(got.has('nope')).toBe(false);
    // A later write keeps the grant: it is not part of the document's own audience.
    await write(s, 'members', [row('m1', ['storeB'], { v: 2 })]);
    const again = await s.pull('members', { afterSeq: 3, storeId: 'storeA', limit: 10 });
    expect(ids(again)).toEqual(['m1']);
  });

  it('rolls a failed transaction back: no document, no cursor, no notification', async () => {
    const { storage: s } = ctx();
    const seen: string[][] = [];
    const off = s.onCommit((c) => seen.push([...c]));
    await expect(
      s.transaction(async (tx) => {
        await tx.lockFeeds(['c']);
        await tx.write('c', [row('x', 'all')]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await s.pull('c', { afterSeq: 0, storeId: null, limit: 10 })).toEqual([]);
    await write(s, 'c', [row('y', 'all')]);
    expect((await s.pull('c', { afterSeq: 0, storeId: null, limit: 10 }))[0]?.seq).toBe(1);
    await expect.poll(() => seen).toEqual([['c']]);
    off();
  });

  it('purges only tombstones older than the cut-off and raises the purge horizon', async () => {
    const { storage: s, clock } = ctx();
    clock.t = 1_000;
    await write(s, 'c', [row('old', 'all', { _deleted: true }), row('live', 'all')]);
    clock.t = 5_000;
    await write(s, 'c', [row('new', 'all', { _deleted: true })]);
    expect(await s.purgeTombstones('c', 2_000)).toBe(1);
    expect(ids(await s.pull('c', { afterSeq: 0, storeId: null, limit: 10 }))).toEqual([
      'live',
      'new',
    ]);
    expect(await s.feedState('c')).toEqual({ seq: 3, purgedSeq: 1 });
    expect(await s.purgeTombstones('c', 2_000)).toBe(0);
  });

  it('registers stores once and finds them by credential hash', async () => {
    const { storage: s } = ctx();
    const rec = { storeId: 'S1', code: 'SH001', credentialHash: 'h1', createdAt: 1 };
    expect(await s.insertStore(rec)).toBe('created');
    expect(await s.insertStore({ ...rec, credentialHash: 'h2' })).toBe('exists');
    expect(await s.storeByCredentialHash('h1')).toEqual(rec);
    expect(await s.storeByCredentialHash('h2')).toBeNull();
  });

  it('finds documents by a field and starts a new epoch on reset', async () => {
    const { storage: s } = ctx();
    await write(s, 'members', [
      row('m1', ['A'], { phone: '13800000001' }),
      row('m2', ['B'], { phone: '13800000002' }),
    ]);
    expect((await s.findByField('members', 'phone', '13800000002')).map((r) => r.id)).toEqual([
      'm2',
    ]);
    const before = s.epoch();
    await s.reset();
    expect(s.epoch()).not.toBe(before);
    expect(await s.all('members')).toEqual([]);
  });

  it(`never lets a late-committing writer be skipped (${backend.name})`, async () => {
    const { storage: s } = ctx();
    let releaseA!: () => void;
    const gateA = new Promise<void>((r) => (releaseA = r));
    let aWrote!: () => void;
    const aHasWritten = new Promise<void>((r) => (aWrote = r));
    const txA = s.transaction(async (tx) => {
      await tx.lockFeeds(['orders']);
      await tx.write('orders', [row('first', 'all')]);
      aWrote();
      await gateA;
    });
    await aHasWritten;
    let bDone = false;
    const txB = s
      .transaction(async (tx) => {
        await tx.lockFeeds(['orders']);
        await tx.write('orders', [row('second', 'all')]);
      })
      .then(() => {
        bDone = true;
      });
    // B started after A and would commit first with a sequence; here it must wait for A.
    await new Promise((r) => setTimeout(r, 300));
    expect(bDone).toBe(false);
    const whileOpen = await s.pull('orders', { afterSeq: 0, storeId: null, limit: 10 });
    expect(whileOpen).toEqual([]);
    const cursor = (await s.feedState('orders')).seq;
    releaseA();
    await Promise.all([txA, txB]);
    const after = await s.pull('orders', { afterSeq: cursor, storeId: null, limit: 10 });
    expect(ids(after)).toEqual(['first', 'second']);
  });
}
