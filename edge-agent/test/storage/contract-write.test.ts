import { firstValueFrom, toArray as collect, take, timeout } from 'rxjs';
import { afterAll, describe, expect, test } from 'vitest';
import { createBlob, createRevision, randomToken } from 'rxdb';
import type { RxDocumentData, RxStorageInstance, RxStorageWriteErrorConflict } from 'rxdb';
import Database from 'better-sqlite3';
import { StorageError, fileNameFor, type MendianCheckpoint } from '@mendian/edge-agent/storage';
import {
  itemDoc,
  itemSchema,
  openInstance,
  prepared,
  storageIn,
  tempDirectory,
  type ItemDoc,
} from './helpers.js';

const tmp = tempDirectory('write');
afterAll(() => tmp.cleanup());

type Instance = RxStorageInstance<ItemDoc, unknown, unknown, MendianCheckpoint>;

async function fresh(): Promise<Instance> {
  return (await openInstance(storageIn(tmp.dir), itemSchema())) as Instance;
}

function update(prev: RxDocumentData<ItemDoc>, patch: Partial<ItemDoc>, deleted = false) {
  return { previous: prev, document: itemDoc({ ...prev, ...patch }, { previous: prev, deleted }) };
}

describe('bulkWrite', () => {
  test('inserts, then updates with the right previous revision', async () => {
    const inst = await fresh();
    const a = itemDoc({ id: 'a', price: 1 });
    expect((await inst.bulkWrite([{ document: a }], 'ctx')).error).toEqual([]);
    const up = update(a, { price: 2 });
    expect((await inst.bulkWrite([up], 'ctx')).error).toEqual([]);
    const [stored] = await inst.findDocumentsById(['a'], false);
    expect(stored).toEqual(up.document);
    await inst.close();
  });

  test('409 when previous is missing or stale, with documentInDb exactly as stored', async () => {
    const inst = await fresh();
    const a = itemDoc({ id: 'a' });
    await inst.bulkWrite([{ document: a }], 'ctx');
    const b = itemDoc({ id: 'b' });
    // Insert of an existing id, stale previous, and a good row in the same batch.
    const res = await inst.bulkWrite(
      [
        { document: itemDoc({ id: 'a', price: 5 }) },
        { previous: itemDoc({ id: 'a' }), document: itemDoc({ id: 'a', price: 6 }) },
        { document: b },
      ],
      'ctx',
    );
    expect(res.error).toHaveLength(2);
    for (const err of res.error) {
      expect(err.status).toBe(409);
      expect(err.documentId).toBe('a');
      expect(err.context).toBe('ctx');
      const inDb = (err as RxStorageWriteErrorConflict<ItemDoc>).documentInDb;
      expect(inDb).toEqual(a);
      expect(Object.keys(inDb).sort()).toEqual(Object.keys(a).sort());
    }
    // The good row of the same batch was written; the conflicting ones changed nothing.
    expect((await inst.findDocumentsById(['a', 'b'], false)).map((d) => d.price).sort()).toEqual([
      100, 100,
    ]);
    await inst.close();
  });

  test('deletes keep a tombstone that findDocumentsById returns only withDeleted', async () => {
    const inst = await fresh();
    const a = itemDoc({ id: 'a' });
    await inst.bulkWrite([{ document: a }], 'ctx');
    const del = update(a, {}, true);
    expect((await inst.bulkWrite([del], 'ctx')).error).toEqual([]);
    expect(await inst.findDocumentsById(['a'], false)).toEqual([]);
    expect(await inst.findDocumentsById(['a'], true)).toEqual([del.document]);
    const schema = itemSchema();
    // RxDB's queries always carry `_deleted: false` (the storage's indexes start with it).
    const live = { selector: { _deleted: { $eq: false } } };
    expect((await inst.query(prepared(schema, live))).documents).toEqual([]);
    expect((await inst.count(prepared(schema, live))).count).toBe(0);
    // Undelete: a write on top of the tombstone is an INSERT event.
    const events = firstValueFrom(inst.changeStream().pipe(take(1)));
    await inst.bulkWrite([update(del.document, { price: 9 })], 'ctx');
    expect((await events).events[0]?.operation).toBe('INSERT');
    await inst.close();
  });

  test('inserting a document that is already deleted stores only a tombstone', async () => {
    const inst = await fresh();
    const t = itemDoc({ id: 't' }, { deleted: true });
    expect((await inst.bulkWrite([{ document: t }], 'ctx')).error).toEqual([]);
    expect(await inst.findDocumentsById(['t'], true)).toEqual([t]);
    expect(await inst.findDocumentsById(['t'], false)).toEqual([]);
    await inst.close();
  });

  test('an empty batch and a batch of only conflicts emit nothing', async () => {
    const inst = await fresh();
    const seen: unknown[] = [];
    const sub = inst.changeStream().subscribe((b) => seen.push(b));
    await inst.bulkWrite([], 'ctx');
    const a = itemDoc({ id: 'a' });
    await inst.bulkWrite([{ document: a }], 'ctx');
    await inst.bulkWrite([{ document: itemDoc({ id: 'a' }) }], 'ctx');
    expect(seen).toHaveLength(1);
    sub.unsubscribe();
    await inst.close();
  });
});

describe('changeStream', () => {
  test('emits after commit with operation, context and the sequence checkpoint', async () => {
    const inst = await fresh();
    const bulks = firstValueFrom(inst.changeStream().pipe(take(2), collect(), timeout(5000)));
    const a = itemDoc({ id: 'a' });
    const b = itemDoc({ id: 'b' });
    await inst.bulkWrite([{ document: a }, { document: b }], 'first');
    await inst.bulkWrite([update(a, {}, true)], 'second');
    const [one, two] = await bulks;
    expect(one?.context).toBe('first');
    expect(one?.events.map((e) => [e.documentId, e.operation])).toEqual([
      ['a', 'INSERT'],
      ['b', 'INSERT'],
    ]);
    expect(one?.checkpoint.sequence).toBe(2);
    expect(two?.events.map((e) => e.operation)).toEqual(['DELETE']);
    expect(two?.checkpoint).toMatchObject({ id: 'a', sequence: 3 });
    await inst.close();
  });

  test('events come after COMMIT: another connection already sees the rows', async () => {
    const dir = tempDirectory('after-commit');
    const inst = await openInstance(storageIn(dir.dir), itemSchema(), 'shop');
    const other = new Database(`${dir.dir}/${fileNameFor('shop')}`, { readonly: true });
    const count = other.prepare('SELECT COUNT(*) FROM rx_items_v0').pluck();
    const seenByOther = new Promise<unknown>((resolve) => {
      const sub = inst.changeStream().subscribe(() => {
        sub.unsubscribe();
        // A separate connection sees only committed data.
        resolve(count.get());
      });
    });
    await inst.bulkWrite(
      [{ document: itemDoc({ id: 'x' }) }, { document: itemDoc({ id: 'y' }) }],
      'ctx',
    );
    expect(await seenByOther).toBe(2);
    other.close();
    await inst.close();
    dir.cleanup();
  });

  test('two instances of the same collection in one process see each other’s writes', async () => {
    const storage = storageIn(tmp.dir);
    const name = 'shared' + randomToken(4);
    const one = await openInstance(storage, itemSchema(), name);
    const two = await openInstance(storage, itemSchema(), name);
    const got = firstValueFrom(two.changeStream().pipe(take(1), timeout(5000)));
    await one.bulkWrite([{ document: itemDoc({ id: 'm' }) }], 'ctx');
    expect((await got).events[0]?.documentId).toBe('m');
    expect(await two.findDocumentsById(['m'], false)).toHaveLength(1);
    await one.close();
    await two.close();
  });

  test('instances from two storage objects on the same file also see each other’s writes', async () => {
    const name = 'two-storages' + randomToken(4);
    const one = await openInstance(storageIn(tmp.dir), itemSchema(), name);
    const two = await openInstance(storageIn(tmp.dir), itemSchema(), name);
    const got = firstValueFrom(two.changeStream().pipe(take(1), timeout(5000)));
    await one.bulkWrite([{ document: itemDoc({ id: 'n' }) }], 'ctx');
    expect((await got).events[0]?.documentId).toBe('n');
    await one.close();
    await two.close();
  });
});

describe('getChangedDocumentsSince', () => {
  test('pages by sequence, returns each document once with its newest state', async () => {
    const inst = await fresh();
    const docs = Array.from({ length: 10 }, (_, i) => itemDoc({ id: `d${i}`, price: i }));
    await inst.bulkWrite(
      docs.map((document) => ({ document })),
      'ctx',
    );
    // d3 changes again: it moves to the end of the change order, and appears only once.
    const d3 = docs[3] as RxDocumentData<ItemDoc>;
    const up = update(d3, { price: 33 });
    await inst.bulkWrite([up], 'ctx');
    const seen: string[] = [];
    let cp: MendianCheckpoint | undefined;
    for (;;) {
      const page = await inst.getChangedDocumentsSince!(4, cp);
      if (page.documents.length === 0) {
        expect(page.checkpoint).toEqual(cp);
        break;
      }
      seen.push(...page.documents.map((d) => d.id));
      cp = page.checkpoint;
    }
    expect(seen).toEqual(['d0', 'd1', 'd2', 'd4', 'd5', 'd6', 'd7', 'd8', 'd9', 'd3']);
    const last = await inst.getChangedDocumentsSince!(100, undefined);
    expect(last.documents.find((d) => d.id === 'd3')?.price).toBe(33);
    expect(last.checkpoint).toMatchObject({ id: 'd3', sequence: 11 });
    await inst.close();
  });

  test('the clock going backwards across a restart loses no change', async () => {
    const dir = tempDirectory('clock');
    const dbName = 'store';
    const schema = itemSchema();
    const first = (await openInstance(storageIn(dir.dir), schema, dbName)) as Instance;
    const t0 = Date.now();
    await first.bulkWrite(
      [1, 2, 3].map((i) => ({ document: itemDoc({ id: `sale-${i}` }, { lwt: t0 + i }) })),
      'pos',
    );
    const page1 = await first.getChangedDocumentsSince!(100, undefined);
    expect(page1.documents).toHaveLength(3);
    await first.close();

    // The PC restarts with its clock a day behind and keeps selling while offline.
    const second = (await openInstance(storageIn(dir.dir), schema, dbName)) as Instance;
    const back = t0 - 24 * 3600_000;
    await second.bulkWrite(
      [4, 5].map((i) => ({ document: itemDoc({ id: `sale-${i}` }, { lwt: back + i }) })),
      'pos',
    );
    const page2 = await second.getChangedDocumentsSince!(100, page1.checkpoint);
    expect(page2.documents.map((d) => d.id)).toEqual(['sale-4', 'sale-5']);
    expect(page2.checkpoint.sequence).toBe(5);
    // The same checkpoint judged by lwt alone would have skipped them: they are older than t0.
    expect(page2.documents.every((d) => d._meta.lwt < page1.checkpoint.lwt)).toBe(true);
    await second.close();
    dir.cleanup();
  });
});

describe('cleanup', () => {
  test('purges tombstones older than the asked time, keeps live docs and young tombstones', async () => {
    const inst = await fresh();
    const old = itemDoc({ id: 'old' });
    const young = itemDoc({ id: 'young' });
    const live = itemDoc({ id: 'live' });
    await inst.bulkWrite(
      [old, young, live].map((document) => ({ document })),
      'ctx',
    );
    await inst.bulkWrite(
      [
        {
          previous: old,
          document: itemDoc(
            { id: 'old' },
            { previous: old, deleted: true, lwt: Date.now() - 60_000 },
          ),
        },
        update(young, {}, true),
      ],
      'ctx',
    );
    expect(await inst.cleanup(30_000)).toBe(true);
    expect(
      (await inst.findDocumentsById(['old', 'young', 'live'], true)).map((d) => d.id).sort(),
    ).toEqual(['live', 'young']);
    await inst.close();
  });

  test('the 90-day default retention wins over a shorter cleanup request', async () => {
    const dir = tempDirectory('retention');
    const storage = storageIn(dir.dir, { tombstoneRetentionMs: undefined });
    expect(storage.settings.tombstoneRetentionMs).toBe(90 * 24 * 3600_000);
    const inst = await openInstance(storage, itemSchema());
    const a = itemDoc({ id: 'a' });
    await inst.bulkWrite([{ document: a }], 'ctx');
    const dayAgo = Date.now() - 89 * 24 * 3600_000;
    const tooOld = Date.now() - 91 * 24 * 3600_000;
    const b = itemDoc({ id: 'b' });
    await inst.bulkWrite([{ document: b }], 'ctx');
    await inst.bulkWrite(
      [
        {
          previous: a,
          document: itemDoc({ id: 'a' }, { previous: a, deleted: true, lwt: dayAgo }),
        },
        {
          previous: b,
          document: itemDoc({ id: 'b' }, { previous: b, deleted: true, lwt: tooOld }),
        },
      ],
      'ctx',
    );
    await inst.cleanup(0);
    expect((await inst.findDocumentsById(['a', 'b'], true)).map((d) => d.id)).toEqual(['a']);
    await inst.close();
    dir.cleanup();
  });

  test('purges in bounded batches and says when more remain', async () => {
    const inst = (await openInstance(
      storageIn(tmp.dir, { cleanupBatchSize: 3 }),
      itemSchema(),
    )) as Instance;
    const docs = Array.from({ length: 7 }, (_, i) =>
      itemDoc({ id: `x${i}` }, { deleted: true, lwt: 1000 + i }),
    );
    await inst.bulkWrite(
      docs.map((document) => ({ document })),
      'ctx',
    );
    expect(await inst.cleanup(0)).toBe(false);
    expect(await inst.cleanup(0)).toBe(false);
    expect(await inst.cleanup(0)).toBe(true);
    expect(
      await inst.findDocumentsById(
        docs.map((d) => d.id),
        true,
      ),
    ).toEqual([]);
    await inst.close();
  });

  test('purging the newest tombstone never lets a later write reuse its sequence', async () => {
    const inst = await fresh();
    const a = itemDoc({ id: 'a' });
    await inst.bulkWrite([{ document: a }], 'ctx');
    await inst.bulkWrite(
      [{ previous: a, document: itemDoc({ id: 'a' }, { previous: a, deleted: true, lwt: 1 }) }],
      'ctx',
    );
    const before = await inst.getChangedDocumentsSince!(10);
    expect(before.checkpoint.sequence).toBe(2);
    expect(await inst.cleanup(0)).toBe(true);
    await inst.bulkWrite([{ document: itemDoc({ id: 'b' }) }], 'ctx');
    // A replicator that had seen sequence 2 must still receive b.
    const after = await inst.getChangedDocumentsSince!(10, before.checkpoint);
    expect(after.documents.map((d) => d.id)).toEqual(['b']);
    expect(after.checkpoint.sequence).toBe(3);
    await inst.close();
  });
});

describe('attachments', () => {
  test('stores, reads back by digest, replaces and removes attachment data', async () => {
    const schema = itemSchema();
    schema.attachments = {};
    const inst = await openInstance(storageIn(tmp.dir), schema);
    const data = createBlob('小票 receipt 🧾', 'text/plain');
    const doc = itemDoc({ id: 'r' });
    doc._attachments = {
      receipt: { length: data.size, type: 'text/plain', digest: 'md5-1', data } as never,
    };
    expect((await inst.bulkWrite([{ document: doc }], 'ctx')).error).toEqual([]);
    const blob = await inst.getAttachmentData('r', 'receipt', 'md5-1');
    expect(await blob.text()).toBe('小票 receipt 🧾');
    await expect(inst.getAttachmentData('r', 'receipt', 'md5-other')).rejects.toBeInstanceOf(
      StorageError,
    );
    const [stored] = await inst.findDocumentsById(['r'], false);
    expect(stored?._attachments.receipt).toEqual({
      length: data.size,
      type: 'text/plain',
      digest: 'md5-1',
    });
    // Delete the document: its attachment goes with it.
    const del = {
      previous: stored as RxDocumentData<ItemDoc>,
      document: { ...itemDoc({ id: 'r' }, { previous: stored, deleted: true }), _attachments: {} },
    };
    expect((await inst.bulkWrite([del], 'ctx')).error).toEqual([]);
    await expect(inst.getAttachmentData('r', 'receipt', 'md5-1')).rejects.toMatchObject({
      code: 'ATTACHMENT_NOT_FOUND',
    });
    await inst.close();
  });
});

describe('lifecycle', () => {
  test('close then reopen keeps the data; calls after close throw a coded error', async () => {
    const dir = tempDirectory('reopen');
    const schema = itemSchema();
    const one = await openInstance(storageIn(dir.dir), schema, 'shop');
    await one.bulkWrite([{ document: itemDoc({ id: 'keep', name: '保留' }) }], 'ctx');
    await one.close();
    await one.close();
    await expect(one.findDocumentsById(['keep'], false)).rejects.toMatchObject({
      code: 'STORAGE_CLOSED',
    });
    const two = await openInstance(storageIn(dir.dir), schema, 'shop');
    expect((await two.findDocumentsById(['keep'], false))[0]?.name).toBe('保留');
    await two.close();
    dir.cleanup();
  });

  test('schema versions live apart in the same file', async () => {
    const dir = tempDirectory('versions');
    const storage = storageIn(dir.dir);
    const v0 = await openInstance(storage, itemSchema(0), 'shop');
    const v1 = await openInstance(storage, itemSchema(1), 'shop');
    await v0.bulkWrite([{ document: itemDoc({ id: 'old-shape' }) }], 'ctx');
    await v1.bulkWrite([{ document: itemDoc({ id: 'new-shape' }) }], 'ctx');
    expect(
      (await v0.query(prepared(itemSchema(0), { selector: {} }))).documents.map((d) => d.id),
    ).toEqual(['old-shape']);
    expect((await v1.findDocumentsById(['old-shape', 'new-shape'], true)).map((d) => d.id)).toEqual(
      ['new-shape'],
    );
    expect((await v1.getChangedDocumentsSince!(10)).documents.map((d) => d.id)).toEqual([
      'new-shape',
    ]);
    await v0.close();
    await v1.close();
    dir.cleanup();
  });

  test('same version with other indexes is refused instead of mixing layouts', async () => {
    const dir = tempDirectory('mismatch');
    const storage = storageIn(dir.dir);
    const a = await openInstance(storage, itemSchema(0), 'shop');
    await a.close();
    const other = itemSchema(0);
    other.indexes = [
      ['_deleted', 'group', 'id'],
      ['_meta.lwt', 'id'],
    ];
    await expect(openInstance(storage, other, 'shop')).rejects.toMatchObject({
      code: 'SCHEMA_MISMATCH',
    });
    dir.cleanup();
  });

  test('remove() deletes the collection’s data; a new instance starts empty', async () => {
    const dir = tempDirectory('remove');
    const storage = storageIn(dir.dir);
    const a = await openInstance(storage, itemSchema(), 'shop');
    await a.bulkWrite([{ document: itemDoc({ id: 'gone' }) }], 'ctx');
    await a.remove();
    await expect(a.bulkWrite([], 'ctx')).rejects.toMatchObject({ code: 'STORAGE_REMOVED' });
    const b = await openInstance(storage, itemSchema(), 'shop');
    expect(await b.findDocumentsById(['gone'], true)).toEqual([]);
    await b.close();
    dir.cleanup();
  });

  test('revisions written by rxdb helpers round-trip unchanged', async () => {
    const inst = await fresh();
    const a = itemDoc({ id: 'rev' });
    await inst.bulkWrite([{ document: a }], 'ctx');
    const next = { ...a, price: 7, _rev: createRevision(randomToken(10), a) };
    expect((await inst.bulkWrite([{ previous: a, document: next }], 'ctx')).error).toEqual([]);
    expect((await inst.findDocumentsById(['rev'], false))[0]?._rev).toBe(next._rev);
    await inst.close();
  });
});
