import Database from 'better-sqlite3';
import { afterAll, expect, test } from 'vitest';
import { addRxPlugin, createRxDatabase } from 'rxdb';
import type { RxCollection, RxJsonSchema } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { fileNameFor } from '@mendian/edge-agent/storage';
import { storageIn, tempDirectory } from './helpers.js';

addRxPlugin(RxDBMigrationSchemaPlugin);

const tmp = tempDirectory('migration');
afterAll(() => tmp.cleanup());

interface PriceV0 {
  id: string;
  amountYuan: string;
}
interface PriceV1 {
  id: string;
  amount: number;
}

const v0: RxJsonSchema<PriceV0> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id: { type: 'string', maxLength: 40 }, amountYuan: { type: 'string' } },
  required: ['id', 'amountYuan'],
};
const v1: RxJsonSchema<PriceV1> = {
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 40 },
    amount: { type: 'number', minimum: 0, maximum: 1e12, multipleOf: 1 },
  },
  required: ['id', 'amount'],
  indexes: ['amount'],
};

test('an RxDB schema migration moves documents from the v0 table to the v1 table', async () => {
  const storage = storageIn(tmp.dir);
  const old = await createRxDatabase<{ prices: RxCollection<PriceV0> }>({
    name: 'shop',
    storage,
    multiInstance: false,
  });
  await old.addCollections({ prices: { schema: v0 } });
  await old.prices.bulkInsert([
    { id: 'p1', amountYuan: '12.50' },
    { id: 'p2', amountYuan: '3.00' },
  ]);
  await old.close();

  const next = await createRxDatabase<{ prices: RxCollection<PriceV1> }>({
    name: 'shop',
    storage: storageIn(tmp.dir),
    multiInstance: false,
  });
  await next.addCollections({
    prices: {
      schema: v1,
      migrationStrategies: {
        // Money becomes integer fen.
        1: (doc: PriceV0) => ({ id: doc.id, amount: Math.round(Number(doc.amountYuan) * 100) }),
      },
    },
  });
  const docs = await next.prices.find({ sort: [{ amount: 'asc' }] }).exec();
  expect(docs.map((d) => [d.id, d.amount])).toEqual([
    ['p2', 300],
    ['p1', 1250],
  ]);
  await next.close();

  const file = new Database(`${tmp.dir}/${fileNameFor('shop')}`, { readonly: true });
  const tables = file
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rx_prices_%'`)
    .pluck()
    .all();
  file.close();
  // The old version's table is removed by rxdb after the migration; nothing mixed into v1.
  expect(tables).toEqual(['rx_prices_v1']);
});
