import { afterAll, expect, test } from 'vitest';
import {
  itemDoc,
  itemSchema,
  openInstance,
  prepared,
  storageIn,
  tempDirectory,
} from './helpers.js';

const tmp = tempDirectory('smoke');
afterAll(() => tmp.cleanup());

test('insert, find, query', async () => {
  const schema = itemSchema();
  const inst = await openInstance(storageIn(tmp.dir), schema);
  const docs = [itemDoc({ id: 'a', name: 'b' }), itemDoc({ id: 'b', name: 'a' })];
  const res = await inst.bulkWrite(
    docs.map((document) => ({ document })),
    'test',
  );
  expect(res.error).toEqual([]);
  expect(await inst.findDocumentsById(['a', 'b', 'c'], false)).toHaveLength(2);
  const q = await inst.query(prepared(schema, { selector: {}, sort: [{ name: 'asc' }] }));
  expect(q.documents.map((d) => d.id)).toEqual(['b', 'a']);
  await inst.close();
});
