import { afterAll, expect, test } from 'vitest';
import { fillWithDefaultSettings, randomToken } from 'rxdb';
import type { RxDocumentData, RxJsonSchema } from 'rxdb';
import {
  itemDoc,
  itemSchema,
  openInstance,
  prepared,
  storageIn,
  tempDirectory,
  type ItemDoc,
} from './helpers.js';

// Cases ported from the scenarios of rxdb's own storage test file (rx-storage-implementations),
// which rxdb 17.6 does not ship as a runnable suite.
const tmp = tempDirectory('edge-cases');
afterAll(() => tmp.cleanup());

test('twenty collections of one database open in parallel and share one file', async () => {
  const storage = storageIn(tmp.dir);
  const name = 'many' + randomToken(4);
  const instances = await Promise.all(
    Array.from({ length: 20 }, (_, i) => openInstance(storage, itemSchema(), name, `col${i}`)),
  );
  await Promise.all(
    instances.map((inst, i) => inst.bulkWrite([{ document: itemDoc({ id: `d${i}` }) }], 'ctx')),
  );
  expect(new Set(instances.map((i) => (i.internals as { filePath: string }).filePath)).size).toBe(
    1,
  );
  for (const [i, inst] of instances.entries()) {
    expect(
      (await inst.findDocumentsById([`d${i}`, `d${(i + 1) % 20}`], false)).map((d) => d.id),
    ).toEqual([`d${i}`]);
  }
  await Promise.all(instances.map((i) => i.close()));
});

test('the same document inserted by two concurrent bulkWrites: first wins, second gets 409', async () => {
  const inst = await openInstance(storageIn(tmp.dir), itemSchema());
  const [first, second] = await Promise.all([
    inst.bulkWrite([{ document: itemDoc({ id: 'same', name: 'first' }) }], 'ctx'),
    inst.bulkWrite([{ document: itemDoc({ id: 'same', name: 'second' }) }], 'ctx'),
  ]);
  expect(first.error).toEqual([]);
  expect(second.error.map((e) => e.status)).toEqual([409]);
  expect((await inst.findDocumentsById(['same'], false))[0]?.name).toBe('first');
  await inst.close();
});

test('key compression or encryption without their wrappers is refused with rxdb codes', async () => {
  const storage = storageIn(tmp.dir);
  const compressed = itemSchema();
  compressed.keyCompression = true;
  await expect(openInstance(storage, compressed)).rejects.toMatchObject({ code: 'UT5' });
  const encrypted = itemSchema();
  encrypted.encrypted = ['name'];
  await expect(openInstance(storage, encrypted)).rejects.toMatchObject({ code: 'UT6' });
});

test('a mixed batch of inserts, updates and deletes emits the right events in order', async () => {
  const inst = await openInstance(storageIn(tmp.dir), itemSchema());
  const a = itemDoc({ id: 'a' });
  const b = itemDoc({ id: 'b' });
  await inst.bulkWrite([{ document: a }, { document: b }], 'ctx');
  const events: string[] = [];
  const sub = inst
    .changeStream()
    .subscribe((bulk) => events.push(...bulk.events.map((e) => `${e.operation}:${e.documentId}`)));
  const res = await inst.bulkWrite(
    [
      { previous: a, document: itemDoc({ id: 'a', price: 1 }, { previous: a }) },
      { document: itemDoc({ id: 'c' }) },
      { previous: b, document: itemDoc({ id: 'b' }, { previous: b, deleted: true }) },
    ],
    'ctx',
  );
  expect(res.error).toEqual([]);
  expect(events).toEqual(['UPDATE:a', 'INSERT:c', 'DELETE:b']);
  sub.unsubscribe();
  await inst.close();
});

interface NestedDoc {
  id: string;
  nes: { ted: string };
}

test('indexes on nested fields serve range queries', async () => {
  const schema: RxJsonSchema<RxDocumentData<NestedDoc>> = fillWithDefaultSettings<NestedDoc>({
    version: 0,
    primaryKey: 'id',
    type: 'object',
    properties: {
      id: { type: 'string', maxLength: 100 },
      nes: {
        type: 'object',
        properties: { ted: { type: 'string', maxLength: 100 } },
        required: ['ted'],
      },
    },
    required: ['id', 'nes'],
    indexes: [['nes.ted', 'id']],
  });
  const inst = await openInstance<NestedDoc>(storageIn(tmp.dir), schema);
  const base = itemDoc({ id: 'x' });
  const docs = ['c', 'a', '𠮷', 'b'].map((ted, i) => ({
    id: `n${i}`,
    nes: { ted },
    _deleted: false,
    _attachments: {},
    _meta: base._meta,
    _rev: base._rev,
  }));
  await inst.bulkWrite(
    docs.map((document) => ({ document })),
    'ctx',
  );
  const p = prepared(schema, {
    selector: { _deleted: { $eq: false }, 'nes.ted': { $gt: 'a' } },
    sort: [{ 'nes.ted': 'asc' }],
  });
  expect(p.queryPlan.selectorSatisfiedByIndex).toBe(true);
  expect((await inst.query(p)).documents.map((d) => d.nes.ted)).toEqual(['b', 'c', '𠮷']);
  await inst.close();
});

test('documents round-trip with the exact JSON they were written with', async () => {
  const inst = await openInstance(storageIn(tmp.dir), itemSchema());
  const doc = itemDoc({
    id: 'odd',
    name: 'quote " backslash \\ nul \u0000 tab \t 😀',
    tags: ['', '𠮷'],
  });
  await inst.bulkWrite([{ document: doc }], 'ctx');
  const [back] = await inst.findDocumentsById(['odd'], false);
  expect(back).toEqual(doc);
  expect(JSON.stringify(back)).toBe(JSON.stringify(doc));
  await inst.close();
});

test('bad input: a document without its primary key is refused and nothing is written', async () => {
  const inst = await openInstance(storageIn(tmp.dir), itemSchema());
  const good = itemDoc({ id: 'good' });
  const bad = { ...itemDoc({ id: 'x' }), id: undefined } as unknown as RxDocumentData<ItemDoc>;
  await expect(
    inst.bulkWrite([{ document: good }, { document: bad }], 'ctx'),
  ).rejects.toMatchObject({
    code: 'INVALID_DOCUMENT',
  });
  // The whole batch is refused: the good row of the failed batch is not there either.
  expect(await inst.findDocumentsById(['good'], true)).toEqual([]);
  await inst.close();
});
