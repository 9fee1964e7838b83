import { describe, expect, it } from 'vitest';
import {
  canTransition,
  isReachable,
  memberSchema,
  mergeMember,
  mergeOnlineOrder,
  onlineOrderSchema,
  ONLINE_ORDER_STATUSES,
} from '@mendian/protocol';
import { sampleMember, sampleOnlineOrder } from './fixtures.js';

describe('member field-level last-writer-wins', () => {
  it('keeps a phone changed at HQ and a consent given at a till while apart', () => {
    const base = sampleMember();
    const hq = {
      ...base,
      phone: '13900000000',
      fieldUpdatedAt: { ...base.fieldUpdatedAt, phone: 2000 },
      updatedAt: 2000,
    };
    const till = {
      ...base,
      consent: { ...base.consent, marketing: true, at: 3000 },
      fieldUpdatedAt: { ...base.fieldUpdatedAt, consent: 3000 },
      updatedAt: 3000,
    };
    const m1 = mergeMember(hq, till);
    const m2 = mergeMember(till, hq);
    expect(m1).toEqual(m2);
    expect(m1.phone).toBe('13900000000');
    expect(m1.consent.marketing).toBe(true);
    expect(m1.updatedAt).toBe(3000);
    expect(memberSchema.parse(m1)).toBeTruthy();
  });

  it('settles equal timestamps deterministically', () => {
    const base = sampleMember();
    const a = { ...base, name: '甲', fieldUpdatedAt: { ...base.fieldUpdatedAt, name: 5000 } };
    const b = { ...base, name: '乙', fieldUpdatedAt: { ...base.fieldUpdatedAt, name: 5000 } };
    expect(mergeMember(a, b).name).toBe(mergeMember(b, a).name);
  });

  it('confirms a provisional member once either side is confirmed', () => {
    const base = sampleMember({ provisional: true });
    expect(mergeMember(base, { ...base, provisional: false }).provisional).toBe(false);
  });
});

describe('online order state machine merge', () => {
  it('allows only legal transitions', () => {
    expect(canTransition('placed', 'accepted')).toBe(true);
    expect(canTransition('placed', 'ready')).toBe(false);
    expect(canTransition('cancelled', 'placed')).toBe(false);
    expect(isReachable('placed', 'collected')).toBe(true);
    expect(isReachable('collected', 'cancelled')).toBe(false);
  });

  it('takes the furthest state from either side, in any order', () => {
    const o = sampleOnlineOrder();
    const store = {
      ...o,
      status: 'ready' as const,
      history: [...o.history, { status: 'ready' as const, at: 3000, by: 'store' }],
      updatedAt: 3000,
    };
    const hq = {
      ...o,
      status: 'accepted' as const,
      history: [...o.history, { status: 'accepted' as const, at: 2000, by: 'hq' }],
      updatedAt: 2000,
    };
    const m1 = mergeOnlineOrder(store, hq);
    expect(m1).toEqual(mergeOnlineOrder(hq, store));
    expect(m1.status).toBe('ready');
    expect(m1.history.map((h) => h.status)).toEqual(['placed', 'accepted', 'ready']);
    expect(onlineOrderSchema.parse(m1)).toBeTruthy();
  });

  it('lets a cancellation win over picking, and a refund over collection', () => {
    const o = sampleOnlineOrder();
    expect(
      mergeOnlineOrder({ ...o, status: 'picking' }, { ...o, status: 'cancelled' }).status,
    ).toBe('cancelled');
    expect(
      mergeOnlineOrder({ ...o, status: 'refunded' }, { ...o, status: 'collected' }).status,
    ).toBe('refunded');
  });

  it('is idempotent and commutative over every pair of states', () => {
    const o = sampleOnlineOrder();
    for (const a of ONLINE_ORDER_STATUSES) {
      for (const b of ONLINE_ORDER_STATUSES) {
        const x = { ...o, status: a };
        const y = { ...o, status: b };
        expect(mergeOnlineOrder(x, y)).toEqual(mergeOnlineOrder(y, x));
        expect(mergeOnlineOrder(x, x)).toEqual(x);
      }
    }
  });
});
