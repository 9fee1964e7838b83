import { describe, expect, it } from 'vitest';
import type { WithDeleted } from 'rxdb';
import { ulid, type Member, type OnlineOrder } from '@mendian/protocol';
import {
  conflictHandlerFor,
  memberConflictHandler,
  onlineOrderConflictHandler,
  sameContent,
} from '../../src/sync/conflict-handlers.js';

function member(overrides: Partial<Member> = {}): Member {
  return {
    schemaVersion: 1,
    id: 'M1',
    cardNo: null,
    phone: '13800000000',
    name: '张三',
    birthday: null,
    tier: 'silver',
    tags: [],
    consent: { profile: true, marketing: false, presence: false, at: 1, source: 'S1' },
    deviceHashes: [],
    homeStoreId: null,
    provisional: false,
    status: 'active',
    mergedInto: null,
    fieldUpdatedAt: { phone: 1, name: 1, tier: 1 },
    createdAt: 1,
    updatedAt: 1,
    ...overrides,
  };
}

function onlineOrder(status: OnlineOrder['status'], at: number): OnlineOrder {
  return {
    schemaVersion: 1,
    id: 'O1',
    channel: 'miniProgram',
    externalNo: 'X1',
    storeId: ulid(),
    fulfilment: 'pickup',
    memberId: null,
    customerName: '李',
    customerPhoneMasked: '138****0000',
    pickupCode: '1234',
    lines: [
      {
        productId: ulid(),
        sku: 'A',
        name: { zh: '苹果' },
        quantity: 1,
        unitPrice: 100,
        amount: 100,
        pickedQuantity: null,
      },
    ],
    total: 100,
    paid: true,
    status,
    history: [{ status, at, by: status === 'ready' ? 'store' : 'hq' }],
    placedAt: 1,
    updatedAt: at,
  };
}

const d = <T>(x: T, deleted = false) => ({ ...x, _deleted: deleted }) as WithDeleted<T>;

describe('conflict handlers per collection', () => {
  it('compares by content, ignoring key order and replica bookkeeping', () => {
    const a = { id: 'x', n: 1, nested: { a: 1, b: [1, 2] }, _deleted: false };
    const b = { nested: { b: [1, 2], a: 1 }, n: 1, id: 'x', _deleted: false, _rev: '3-z' };
    expect(sameContent(a, b)).toBe(true);
    expect(sameContent(a, { ...b, n: 2 })).toBe(false);
    expect(sameContent(a, { ...a, _deleted: true })).toBe(false);
  });

  it('merges members field by field: a phone changed at HQ and a tag added at a till both stay', async () => {
    const base = member();
    const hq = member({
      phone: '13911112222',
      fieldUpdatedAt: { ...base.fieldUpdatedAt, phone: 5 },
    });
    const till = member({ tags: ['vip'], fieldUpdatedAt: { ...base.fieldUpdatedAt, tags: 6 } });
    const merged = await memberConflictHandler.resolve(
      { realMasterState: d(hq), newDocumentState: d(till), assumedMasterState: d(base) },
      'test',
    );
    expect(merged.phone).toBe('13911112222');
    expect(merged.tags).toEqual(['vip']);
    expect(merged._deleted).toBe(false);
  });

  it('merges online orders to the furthest legal state with both histories', async () => {
    const store = onlineOrder('ready', 20);
    const hq = onlineOrder('picking', 10);
    const merged = await onlineOrderConflictHandler.resolve(
      { realMasterState: d(hq), newDocumentState: d(store) },
      'test',
    );
    expect(merged.status).toBe('ready');
    expect(merged.history.map((h) => h.status)).toEqual(['picking', 'ready']);
  });

  it('keeps the center for reference data, facts, and any deletion of a shared record', async () => {
    const hqProduct = { id: 'P1', price: 10, _deleted: false };
    const local = { id: 'P1', price: 8, _deleted: false };
    for (const name of ['products', 'prices', 'orders'] as const) {
      const r = await conflictHandlerFor(name).resolve(
        { realMasterState: hqProduct, newDocumentState: local },
        'test',
      );
      expect(r).toEqual(hqProduct);
    }
    const gone = d(member(), true);
    const r = await memberConflictHandler.resolve(
      { realMasterState: gone, newDocumentState: d(member({ name: '王五' })) },
      'test',
    );
    expect(r._deleted).toBe(true);
  });
});
