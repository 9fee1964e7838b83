import { itemDoc, itemSchema, openInstance, storageIn, tempDirectory } from './helpers.js';
const schema = itemSchema();
const docs = Array.from({ length: 20000 }, (_, i) =>
  itemDoc({
    id: `sku-${String(i).padStart(6, '0')}`,
    name: `商品 ${i % 1000}`,
    group: `g${i % 10}`,
    price: (i * 7919) % 100000,
  }),
);
for (const sync of ['FULL', 'NORMAL'] as const) {
  const tmp = tempDirectory('prof');
  const inst = await openInstance(storageIn(tmp.dir, { synchronous: sync }), schema, 'big');
  const t = performance.now();
  for (let i = 0; i < 20000; i += 5000)
    await inst.bulkWrite(
      docs.slice(i, i + 5000).map((document) => ({ document })),
      'load',
    );
  console.log(sync, 'insert 20k', performance.now() - t, process.cpuUsage());
  const t2 = performance.now();
  for (let i = 0; i < 20; i++)
    await inst.bulkWrite([{ document: itemDoc({ id: 'x' + i }) }], 'one');
  console.log(sync, '20 single writes', performance.now() - t2);
  tmp.cleanup();
}
