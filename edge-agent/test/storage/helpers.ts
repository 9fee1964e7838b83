import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRevision,
  fillWithDefaultSettings,
  normalizeMangoQuery,
  prepareQuery,
  randomToken,
} from 'rxdb';
import type {
  MangoQuery,
  PreparedQuery,
  RxDocumentData,
  RxJsonSchema,
  RxStorage,
  RxStorageInstance,
} from 'rxdb';
import {
  getRxStorageMendianSqlite,
  type MendianSqliteStorageOptions,
  type RxStorageMendianSqlite,
} from '@mendian/edge-agent/storage';

export interface ItemDoc {
  id: string;
  name: string;
  group: string;
  price: number;
  tags: string[];
}

export function itemSchema(version = 0): RxJsonSchema<RxDocumentData<ItemDoc>> {
  return fillWithDefaultSettings<ItemDoc>({
    version,
    primaryKey: 'id',
    type: 'object',
    properties: {
      id: { type: 'string', maxLength: 100 },
      name: { type: 'string', maxLength: 100 },
      group: { type: 'string', maxLength: 20 },
      price: { type: 'number', minimum: 0, maximum: 1_000_000_000, multipleOf: 1 },
      tags: { type: 'array', items: { type: 'string' } },
    },
    required: ['id', 'name', 'group', 'price', 'tags'],
    indexes: ['name', 'price', ['group', 'price']],
  });
}

/** A temporary folder per test file, removed afterwards. */
export function tempDirectory(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `mendian-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function storageIn(
  dir: string,
  extra: Partial<MendianSqliteStorageOptions> = {},
): RxStorageMendianSqlite {
  // Contract tests exercise cleanup() directly, so they opt out of the 90-day floor.
  return getRxStorageMendianSqlite({ directory: dir, tombstoneRetentionMs: 0, ...extra });
}

export async function openInstance<T = ItemDoc>(
  storage: RxStorage<unknown, unknown>,
  schema: RxJsonSchema<RxDocumentData<T>>,
  databaseName = 'db' + randomToken(6),
  collectionName = 'items',
): Promise<RxStorageInstance<T, unknown, unknown>> {
  return storage.createStorageInstance<T>({
    databaseInstanceToken: randomToken(10),
    databaseName,
    collectionName,
    schema,
    options: {},
    multiInstance: false,
    devMode: true,
  });
}

let lwtCounter = 0;
/** Strictly increasing lwt so tests do not depend on Date.now() resolution. */
export function nextLwt(): number {
  lwtCounter = Math.max(lwtCounter + 0.01, Date.now());
  return lwtCounter;
}

export function itemDoc(
  partial: Partial<ItemDoc> & { id: string },
  meta: { deleted?: boolean; lwt?: number; previous?: RxDocumentData<ItemDoc> } = {},
): RxDocumentData<ItemDoc> {
  const base: ItemDoc = { name: partial.id, group: 'a', price: 100, tags: [], ...partial };
  const doc = {
    ...base,
    _deleted: meta.deleted ?? false,
    _attachments: {},
    _meta: { lwt: meta.lwt ?? nextLwt() },
    _rev: '',
  } as RxDocumentData<ItemDoc>;
  doc._rev = createRevision(randomToken(10), meta.previous);
  return doc;
}

export function prepared<T>(
  schema: RxJsonSchema<RxDocumentData<T>>,
  query: MangoQuery<RxDocumentData<T>>,
): PreparedQuery<T> {
  return prepareQuery<T>(schema, normalizeMangoQuery<T>(schema, query as MangoQuery<T>));
}
