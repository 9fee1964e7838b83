import { afterAll, describe, expect, test } from 'vitest';
import { mergeMembers, ulid, type EarningRules } from '@mendian/protocol';
import { issueMemberCode } from '@mendian/drivers/barcodes/member-code-verify';
import {
  memberEntriesFromOrder,
  pointsForAmount,
  pointsForSale,
} from '../../src/members/earning.js';
import { order, product } from '../stock/helpers.js';
import { KEYS, member, memberService, tempDir } from './helpers.js';

const tmp = tempDir('members');
afterAll(() => tmp.cleanup());
const storeId = ulid();
const NOW = Date.UTC(2026, 10, 23, 8);

function fresh() {
  return memberService(`${tmp.dir}/${ulid()}.db`, storeId, () => NOW);
}

describe('lookup', () => {
  test('by phone, card and a signed member QR; the phone is masked, bad codes are refused', () => {
    const { members } = fresh();
    const m = member();
    members.directory.applySynced([m]);
    const byPhone = members.lookup({ by: 'phone', value: '13812345678' });
    expect(byPhone).toMatchObject({
      ok: true,
      value: [
        { id: m.id, phoneMasked: '138****5678', tier: 'gold', tags: ['高价值'], name: '张三' },
      ],
    });
    expect(JSON.stringify(byPhone)).not.toContain('13812345678');
    expect(members.lookup({ by: 'card', value: '8800123456' })).toMatchObject({
      ok: true,
      value: [{ id: m.id }],
    });
    const code = issueMemberCode(KEYS, 'K1', '8800123456', NOW + 60_000);
    expect(members.lookup({ by: 'code', value: code })).toMatchObject({
      ok: true,
      value: [{ id: m.id }],
    });
    const expired = issueMemberCode(KEYS, 'K1', '8800123456', NOW - 1000);
    expect(members.lookup({ by: 'code', value: expired })).toMatchObject({
      ok: false,
      code: 'INVALID_CODE',
      details: { reason: 'EXPIRED' },
    });
    const forged = code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A');
    expect(members.lookup({ by: 'code', value: forged })).toMatchObject({
      ok: false,
      code: 'INVALID_CODE',
    });
    expect(members.lookup({ by: 'phone', value: '12' })).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
    });
    expect(members.lookup({ by: 'phone', value: '13900000000' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
  });
});

const cat = { food: ulid(), tobacco: ulid() };
const rules: EarningRules = {
  schemaVersion: 1,
  id: ulid(),
  pointsPerYuan: 1,
  categoryRates: [{ categoryId: cat.tobacco, pointsPerYuan: 0 }],
  tierMultipliers: { gold: 15_000 },
  campaigns: [
    {
      code: 'DOUBLE',
      multiplier: 20_000,
      validFrom: NOW - 1000,
      validTo: NOW + 1000,
      categoryIds: [cat.food],
    },
  ],
  nonEarningTenders: ['points', 'storedValue'],
  pointsPerYuanRedeemed: 100,
  validFrom: 0,
  updatedAt: 1,
};

describe('earning', () => {
  const bread = product({ sku: 'BREAD', categoryId: cat.food });
  const cigs = product({ sku: 'CIGS', categoryId: cat.tobacco });
  const soap = product({ sku: 'SOAP' });
  const categoryOf = (id: string) =>
    id === bread.id ? cat.food : id === cigs.id ? cat.tobacco : null;

  test('per yuan, by category, tier and campaign; non-earning tenders excluded; rounded down', () => {
    // 10 bread (¥10, double points), 5 cigs (¥5, none), 7 soap (¥7).
    const sale = order(
      storeId,
      'sale',
      [
        { product: bread, quantity: 10 },
        { product: cigs, quantity: 5 },
        { product: soap, quantity: 7 },
      ],
      NOW,
    );
    expect(pointsForSale(sale, { rules, tier: 'basic', categoryOf })).toBe(10 * 2 + 0 + 7);
    expect(pointsForSale(sale, { rules, tier: 'gold', categoryOf })).toBe(30 + 0 + 10); // 10.5 → 10
    // ¥11 of the ¥22 paid with stored value earns nothing: half of each line.
    const mixed = {
      ...sale,
      payments: [
        { paymentId: ulid(), method: 'storedValue' as const, amount: 1100, at: NOW },
        { paymentId: ulid(), method: 'cash' as const, amount: 1100, at: NOW },
      ],
    };
    expect(pointsForSale(mixed, { rules, tier: 'basic', categoryOf })).toBe(10 + 0 + 3);
    // After the campaign: single points.
    expect(
      pointsForSale({ ...sale, createdAt: NOW + 5000 }, { rules, tier: 'basic', categoryOf }),
    ).toBe(17);
  });

  test('points as payment: ¥1.50 costs 150 points at 100 points per yuan; fractions round up', () => {
    expect(pointsForAmount(150, rules)).toBe(150);
    expect(pointsForAmount(1, { ...rules, pointsPerYuanRedeemed: 150 })).toBe(2);
  });

  test('a committed order writes the entries the sync server derives, once; a return reverses them', () => {
    const { members } = fresh();
    const m = member();
    members.directory.applySynced([m]);
    expect(members.importRules([rules])).toBe(1);
    const base = order(storeId, 'sale', [{ product: soap, quantity: 20 }], NOW);
    const earned = members.pointsForSale(m.id, base);
    expect(earned).toEqual({ ok: true, value: 30 });
    const sale = { ...base, memberId: m.id, pointsEarned: 30 };
    expect(members.commitOrder(sale)).toEqual({ ok: true, value: { inserted: 1, duplicates: 0 } });
    expect(members.commitOrder(sale)).toEqual({ ok: true, value: { inserted: 0, duplicates: 1 } });
    expect(memberEntriesFromOrder(sale).points.map((p) => [p.id, p.kind, p.delta])).toEqual([
      [`pts:${sale.id}:earn`, 'earn', 30],
    ]);
    const ret = {
      ...order(
        storeId,
        'return',
        [{ product: soap, quantity: 20, restock: 'sellable' }],
        NOW,
        sale.id,
      ),
      memberId: m.id,
      pointsEarned: 30,
    };
    members.commitOrder(ret);
    expect(members.get(m.id)?.points.balance).toBe(0);
    expect(members.commitOrder({ ...sale, total: 1 })).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
    });
    expect(members.importRules.bind(members, [{ ...rules, pointsPerYuan: -1 }])).toThrow(
      /pointsPerYuan/,
    );
  });
});

describe('provisional members, consent and merge', () => {
  test('signup offline makes a distinguishable provisional member; a known phone is refused', () => {
    const { members } = fresh();
    const staffId = ulid();
    const r = members.signUp({
      memberId: ulid(),
      phone: '13900001111',
      consent: { profile: true, marketing: false },
      name: '李四',
      staffId,
    });
    expect(r).toMatchObject({
      ok: true,
      value: {
        provisional: true,
        homeStoreId: storeId,
        consent: { profile: true, at: NOW, source: storeId },
      },
    });
    expect(members.directory.outbox().map((m) => m.phone)).toEqual(['13900001111']);
    expect(
      members.signUp({
        memberId: ulid(),
        phone: '13900001111',
        consent: { profile: true, marketing: false },
        staffId,
      }),
    ).toMatchObject({ ok: false, code: 'DUPLICATE_PHONE' });
    expect(
      members.signUp({
        memberId: ulid(),
        phone: '1390000',
        consent: { profile: false, marketing: false },
        name: '王五',
        staffId,
      }),
    ).toMatchObject({ ok: false, code: 'NO_CONSENT' });
    expect(
      members.signUp({
        memberId: ulid(),
        phone: 'abc',
        consent: { profile: true, marketing: false },
        staffId,
      }),
    ).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(members.directory.outbox()).toHaveLength(1);
  });

  test('withdrawn consent removes profile data at the till and when it arrives by sync; erased members go', () => {
    const { members } = fresh();
    const m = member();
    members.directory.applySynced([m]);
    const w = members.recordConsent({ memberId: m.id, profile: false, marketing: false });
    expect(w).toMatchObject({ ok: true, value: { name: null, birthday: null, deviceHashes: [] } });
    expect(members.get(m.id)?.name).toBeNull();
    // Another member withdrew at HQ: the next sync strips the edge copy.
    const other = member({ phone: '13700000000', cardNo: '8800999999' });
    members.directory.applySynced([other]);
    const withdrawn = {
      ...other,
      consent: { ...other.consent, profile: false, at: 5 },
      fieldUpdatedAt: { ...other.fieldUpdatedAt, consent: 5 },
    };
    expect(members.directory.applySynced([withdrawn])).toEqual({
      applied: 1,
      stripped: 1,
      erased: 0,
    });
    expect(members.directory.get(other.id)).toMatchObject({
      name: null,
      birthday: null,
      deviceHashes: [],
    });
    expect(
      members.directory.applySynced([
        {
          ...withdrawn,
          status: 'erased',
          fieldUpdatedAt: { ...withdrawn.fieldUpdatedAt, status: 6 },
        },
      ]),
    ).toMatchObject({ erased: 1 });
    expect(members.directory.get(other.id)).toBeNull();
  });

  test('HQ merges a provisional duplicate by phone: balances move by merge entries, lookups follow', () => {
    const { members } = fresh();
    const survivor = member({ phone: '13600000000', cardNo: '8800111111' });
    const dup = member({ phone: '13600000000', cardNo: null, provisional: true, tier: 'basic' });
    members.directory.applySynced([survivor, dup]);
    expect(members.lookup({ by: 'phone', value: '13600000000' })).toMatchObject({
      ok: true,
      value: [{ id: survivor.id }, { id: dup.id, provisional: true }],
    });
    members.ledger.append([
      {
        asset: 'points',
        entry: {
          schemaVersion: 1,
          id: `pts:${ulid()}:earn`,
          memberId: dup.id,
          storeId,
          kind: 'earn',
          delta: 40,
          orderId: null,
          createdAt: NOW,
        },
      },
    ]);
    const merged = mergeMembers({
      duplicate: dup,
      survivor,
      pointsBalance: 40,
      valueBalance: 0,
      generation: 1,
      at: NOW,
    });
    expect(merged.points.map((p) => [p.memberId, p.delta])).toEqual([
      [dup.id, -40],
      [survivor.id, 40],
    ]);
    // Running the merge again produces the same ids: nothing moves twice.
    const again = mergeMembers({
      duplicate: dup,
      survivor,
      pointsBalance: 40,
      valueBalance: 0,
      generation: 1,
      at: NOW + 9,
    });
    expect(again.points.map((p) => p.id)).toEqual(merged.points.map((p) => p.id));
    members.directory.applySynced([merged.duplicate]);
    members.ledger.append(
      [...merged.points, ...again.points].map((entry) => ({ asset: 'points' as const, entry })),
    );
    expect(members.get(dup.id)?.id).toBe(survivor.id);
    expect(members.ledger.entries(dup.id, 'points').reduce((s, e) => s + e.entry.delta, 0)).toBe(0);
    expect(
      members.ledger.entries(survivor.id, 'points').reduce((s, e) => s + e.entry.delta, 0),
    ).toBe(40);
    expect(members.lookup({ by: 'phone', value: '13600000000' })).toMatchObject({
      ok: true,
      value: [{ id: survivor.id }],
    });
    expect(() =>
      mergeMembers({
        duplicate: survivor,
        survivor,
        pointsBalance: 0,
        valueBalance: 0,
        generation: 1,
        at: NOW,
      }),
    ).toThrow(/itself/);
  });
});
