import { afterAll, beforeAll, describe, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { getRxStorageMendianSqlite } from '@mendian/edge-agent/storage';
import { runReplicationBaseTestSuite, setConfig } from 'rxdb/plugins/test-utils';
import { addRxPlugin, type RxCollection } from 'rxdb';
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode';
import {
  SyncHttpClient,
  SyncStatusStore,
  replicateCollection,
} from '@mendian/edge-agent/sync/index';
import type { CollectionPolicy } from '../src/collections/policy.js';
import type { SyncStorage } from '../src/storage/types.js';
import { backends } from './support/backends.js';
import { ADMIN_TOKEN, listen, type RunningServer } from './support/server.js';

// rxdb's test collections open with ignoreDuplicate, which only dev-mode allows.
addRxPlugin(RxDBDevModePlugin);
disableWarnings();
// rxdb's suite is written for mocha's globals; vitest provides the same two functions.
Object.assign(globalThis, { describe, it });
// The clients run on the edge's own RxStorage (better-sqlite3 files in a temp directory).
const clientDirs: string[] = [];
const edgeStorage = () => {
  const directory = mkdtempSync(join(tmpdir(), 'mendian-edge-base-'));
  clientDirs.push(directory);
  return getRxStorageMendianSqlite({ directory, synchronous: 'NORMAL' });
};
afterAll(() => {
  for (const d of clientDirs) rmSync(d, { recursive: true, force: true });
});
setConfig({
  storage: {
    name: 'mendian-sqlite',
    getStorage: () => wrappedValidateAjvStorage({ storage: edgeStorage() }),
    getPerformanceStorage: () => ({ storage: edgeStorage(), description: 'mendian-sqlite' }),
    hasPersistence: true,
    hasMultiInstance: false,
    hasAttachments: false,
    hasReplication: true,
  },
});

/** rxdb's test collection: humans keyed by passportId, writable by HQ, visible to everyone. */
const humanPolicy: CollectionPolicy = {
  name: 'human',
  kind: 'shared',
  primaryKey: 'passportId',
  validate: (d) =>
    typeof d.passportId === 'string' ? { ok: true } : { ok: false, reason: 'passportId missing' },
  ownerOf: () => null,
  audienceOf: () => 'all',
};

for (const backend of backends()) {
  describe(`rxdb replication base suite on ${backend.name}`, () => {
    let storage: SyncStorage;
    let release: () => Promise<void>;
    let running: RunningServer;
    beforeAll(async () => {
      ({ storage, release } = await backend.open());
      running = await listen(storage, { policies: [humanPolicy] });
    });
    afterAll(async () => {
      await running.close();
      await release();
      await backend.shutdown();
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const replicate = (collection: RxCollection<any>, live: boolean) =>
      replicateCollection({
        collection,
        direction: 'both',
        client: new SyncHttpClient({ baseUrl: running.url, credential: ADMIN_TOKEN }),
        status: new SyncStatusStore(),
        live,
        retryTime: 100,
        streamReconnectMs: 100,
      }).state;

    runReplicationBaseTestSuite({
      startReplication: (collection) => replicate(collection, true),
      syncOnce: async (collection) => {
        const state = replicate(collection, false);
        await state.awaitInitialReplication();
        await state.cancel();
      },
      getAllServerDocs: async () => (await storage.all('human')).map((r) => r.doc),
      cleanUpServer: () => storage.reset(),
      softDeletes: true,
      isDeleted: (d: { _deleted?: boolean }) => d._deleted === true,
      getPrimaryOfServerDoc: (d: { passportId: string }) => d.passportId,
    });
  });
}
