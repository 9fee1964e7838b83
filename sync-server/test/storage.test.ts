import { afterAll, afterEach, beforeEach, describe } from 'vitest';
import type { SyncStorage } from '../src/storage/types.js';
import { backends } from './support/backends.js';
import { storageConformance } from './storage-conformance.js';

for (const backend of backends()) {
  describe(`sync storage conformance: ${backend.name}`, () => {
    let storage: SyncStorage;
    let release: () => Promise<void>;
    const clock = { t: 1_000_000 };
    beforeEach(async () => {
      ({ storage, release } = await backend.open(() => clock.t));
    });
    afterEach(() => release());
    afterAll(() => backend.shutdown());
    storageConformance(backend, () => ({ storage, clock }));
  });
}
