import { afterAll, expect, test } from 'vitest';
import { addRxPlugin, createRxDatabase } from 'rxdb';
import type { RxJsonSchema } from 'rxdb';
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { COLLECTION_NAMES, rxSchemaFor } from '@mendian/protocol';
import { storageIn, tempDirectory } from './helpers.js';

disableWarnings();
addRxPlugin(RxDBDevModePlugin);

const tmp = tempDirectory('schemas');
afterAll(() => tmp.cleanup());

// rxdb without its premium flag allows about 13 open collections per process, so the 15
// protocol collections are opened in groups, each database closed before the next.
const GROUP = 8;

test('RxDB dev-mode accepts every protocol collection schema on this storage', async () => {
  const refused: string[] = [];
  for (let i = 0; i < COLLECTION_NAMES.length; i += GROUP) {
    const names = COLLECTION_NAMES.slice(i, i + GROUP);
    const db = await createRxDatabase({
      name: `schemas-${i}`,
      storage: wrappedValidateAjvStorage({ storage: storageIn(tmp.dir) }),
      multiInstance: false,
    });
    for (const name of names) {
      try {
        await db.addCollections({
          [name]: { schema: rxSchemaFor(name) as unknown as RxJsonSchema<unknown> },
        });
      } catch (err) {
        refused.push(`${name}: ${(err as { code?: string }).code ?? String(err)}`);
      }
    }
    await db.close();
  }
  expect(refused).toEqual([]);
});
