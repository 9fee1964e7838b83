import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ulid } from '@mendian/protocol';
import { PostgresSyncStorage } from '../src/storage/postgres.js';
import { makeOrder, wire } from './support/fixtures.js';
import { ADMIN_TOKEN, listen, registerStore } from './support/server.js';
import { startPostgres, type PostgresHandle } from './support/postgres.js';

/**
 * The commit-order problem on a real PostgreSQL: writer A takes a cursor first but commits last.
 * With a plain sequence a reader that pulled in between moves past A's row for good; with the
 * sync storage (two instances sharing one database, as two sync-servers would) it cannot.
 */
describe('late commits on PostgreSQL', () => {
  let server: PostgresHandle;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server.stop());

  it('reproduces the skip with a sequence cursor (the problem being solved)', async () => {
    const url = await server.createDatabase('seq_skip');
    const a = new pg.Client({ connectionString: url });
    const b = new pg.Client({ connectionString: url });
    const reader = new pg.Client({ connectionString: url });
    await Promise.all([a.connect(), b.connect(), reader.connect()]);
    try {
      await reader.query('CREATE TABLE feed (seq BIGSERIAL PRIMARY KEY, v TEXT)');
      await a.query('BEGIN');
      await a.query(`INSERT INTO feed (v) VALUES ('first')`);
      await b.query('BEGIN');
      await b.query(`INSERT INTO feed (v) VALUES ('second')`);
      await b.query('COMMIT');
      const page1 = await reader.query<{ seq: string; v: string }>(
        'SELECT seq, v FROM feed WHERE seq > 0 ORDER BY seq',
      );
      expect(page1.rows.map((r) => r.v)).toEqual(['second']);
      const checkpoint = Number(page1.rows.at(-1)?.seq);
      await a.query('COMMIT');
      const page2 = await reader.query('SELECT v FROM feed WHERE seq > $1', [checkpoint]);
      expect(page2.rows).toEqual([]); // 'first' is lost to this reader
      const all = await reader.query('SELECT v FROM feed');
      expect(all.rows).toHaveLength(2);
    } finally {
      await Promise.all([a.end(), b.end(), reader.end()]);
    }
  });

  it('does not skip with the feed-counter cursor, across two server instances', async () => {
    const url = await server.createDatabase('counter_cursor');
    const one = await PostgresSyncStorage.open({ connectionString: url });
    const two = await PostgresSyncStorage.open({ connectionString: url });
    try {
      expect(two.epoch()).toBe(one.epoch());
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let wrote!: () => void;
      const aWrote = new Promise<void>((r) => (wrote = r));
      const doc = (id: string) => ({
        id,
        doc: { id, _deleted: false },
        ownerStoreId: null,
        audience: 'all' as const,
      });
      const txA = one.transaction(async (tx) => {
        await tx.lockFeeds(['orders']);
        await tx.write('orders', [doc('first')]);
        wrote();
        await gate;
      });
      await aWrote;
      let bCommitted = false;
      const txB = two
        .transaction(async (tx) => {
          await tx.lockFeeds(['orders']);
          await tx.write('orders', [doc('second')]);
        })
        .then(() => (bCommitted = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(bCommitted).toBe(false);
      const page1 = await two.pull('orders', { afterSeq: 0, storeId: null, limit: 10 });
      expect(page1).toEqual([]);
      release();
      await Promise.all([txA, txB]);
      const page2 = await two.pull('orders', { afterSeq: 0, storeId: null, limit: 10 });
      expect(page2.map((r) => [r.doc.id, r.seq])).toEqual([
        ['first', 1],
        ['second', 2],
      ]);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('streams a change committed through one server instance to a client of another', async () => {
    const url = await server.createDatabase('two_instances');
    const one = await PostgresSyncStorage.open({ connectionString: url });
    const two = await PostgresSyncStorage.open({ connectionString: url });
    const s1 = await listen(one);
    const s2 = await listen(two);
    const ctrl = new AbortController();
    try {
      const storeId = ulid();
      const credential = await registerStore(s1.url, storeId, 'SHX');
      const res = await fetch(`${s2.url}/v1/sync/orders/stream`, {
        headers: { authorization: `Bearer ${credential}` },
        signal: ctrl.signal,
      });
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      let text = '';
      const readUntil = async (needle: string) => {
        while (!text.includes(needle)) {
          const { value, done } = await reader.read();
          if (done) throw new Error('stream ended');
          text += new TextDecoder().decode(value);
        }
      };
      await readUntil('"RESYNC"');
      const order = makeOrder(storeId, 'SHX');
      const push = await fetch(`${s1.url}/v1/sync/orders/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify([{ newDocumentState: wire(order) }]),
      });
      expect(push.status).toBe(200);
      await readUntil(order.id);
      expect(text).toContain('"checkpoint"');
    } finally {
      ctrl.abort();
      await s1.close();
      await s2.close();
      await one.close();
      await two.close();
    }
  });
});
