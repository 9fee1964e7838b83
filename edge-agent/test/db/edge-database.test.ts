import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEdgeDatabase } from '../../src/db/edge-database.js';
import { masterWins, memberConflictHandler } from '../../src/sync/conflict-handlers.js';
import { ulid, type Member } from '@mendian/protocol';

function member(): Member {
  return {
    schemaVersion: 1,
    id: ulid(),
    cardNo: null,
    phone: '13812345678',
    name: '王小明',
    birthday: null,
    tier: 'gold',
    tags: [],
    consent: { profile: true, marketing: false, presence: false, at: 1000, source: 'online' },
    deviceHashes: [],
    homeStoreId: null,
    provisional: false,
    status: 'active',
    mergedInto: null,
    fieldUpdatedAt: { phone: 1000, tags: 1000 },
    createdAt: 1000,
    updatedAt: 1000,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'mendian-edgedb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the edge database', () => {
  it('resolves a member conflict field by field, and reference data by the center', async () => {
    const db = await openEdgeDatabase({ dataDir: dir, synchronous: 'NORMAL', name: 'conflicts' });
    try {
      expect(db.rx.members.conflictHandler).toBe(memberConflictHandler);
      const base = member();
      const center = {
        ...base,
        phone: '13900000000',
        fieldUpdatedAt: { ...base.fieldUpdatedAt, phone: 2000 },
        _deleted: false,
      };
      const till = {
        ...base,
        tags: ['vip'],
        fieldUpdatedAt: { ...base.fieldUpdatedAt, tags: 3000 },
        _deleted: false,
      };
      const merged = await db.rx.members.conflictHandler.resolve(
        {
          realMasterState: center,
          newDocumentState: till,
          assumedMasterState: { ...base, _deleted: false },
        },
        'test',
      );
      expect(merged).toMatchObject({ phone: '13900000000', tags: ['vip'], _deleted: false });
      // Reference data: the center's state wins whatever the store holds.
      const handler = masterWins<{ id: string; v: number }>();
      const mine = { id: 'p', v: 1, _deleted: false };
      const theirs = { id: 'p', v: 2, _deleted: false };
      expect(
        await handler.resolve({ realMasterState: theirs, newDocumentState: mine }, 'test'),
      ).toBe(theirs);
      expect(
        db.rx.products.conflictHandler.isEqual(
          { ...base, _deleted: false } as never,
          { ...base, _deleted: false } as never,
          'test',
        ),
      ).toBe(true);
    } finally {
      await db.close();
    }
  });
});
