import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { fileNameFor } from '@mendian/edge-agent/storage';
import { itemDoc, itemSchema, openInstance, storageIn, tempDirectory } from './helpers.js';

const tmp = tempDirectory('busy');
afterAll(() => tmp.cleanup());

const holder = fileURLToPath(new URL('./fixtures/lock-holder.cjs', import.meta.url));

/** Another process takes the write lock of the file and keeps it for `holdMs`. */
async function lockFor(file: string, holdMs: number) {
  const child = fork(holder, [file, String(holdMs)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve) =>
    child.on('message', (m: { locked?: boolean }) => {
      if (m.locked) resolve();
    }),
  );
  // Wrapped: returning the promise itself would make the caller wait for the exit.
  return { released: exited };
}

test('a write waits for another process holding the lock, within the busy timeout', async () => {
  const storage = storageIn(tmp.dir, { busyTimeoutMs: 5_000 });
  const inst = await openInstance(storage, itemSchema(), 'waits');
  const { released } = await lockFor(`${tmp.dir}/${fileNameFor('waits')}`, 400);
  const t0 = performance.now();
  const res = await inst.bulkWrite([{ document: itemDoc({ id: 'after-wait' }) }], 'ctx');
  const waited = performance.now() - t0;
  expect(res.error).toEqual([]);
  expect(waited).toBeGreaterThan(100);
  expect(await inst.findDocumentsById(['after-wait'], false)).toHaveLength(1);
  await released;
  await inst.close();
});

test('past the busy timeout the write is rejected with SQLITE_BUSY and nothing is written', async () => {
  const storage = storageIn(tmp.dir, { busyTimeoutMs: 50 });
  const inst = await openInstance(storage, itemSchema(), 'gives-up');
  const { released } = await lockFor(`${tmp.dir}/${fileNameFor('gives-up')}`, 1_500);
  await expect(
    inst.bulkWrite([{ document: itemDoc({ id: 'refused' }) }], 'ctx'),
  ).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
  await released;
  expect(await inst.findDocumentsById(['refused'], true)).toEqual([]);
  // The storage stays usable once the other writer is gone.
  const res = await inst.bulkWrite([{ document: itemDoc({ id: 'refused' }) }], 'ctx');
  expect(res.error).toEqual([]);
  await inst.close();
});
