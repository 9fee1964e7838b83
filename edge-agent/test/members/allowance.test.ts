import { afterAll, expect, test } from 'vitest';
import { ulid, type AllowanceAsset } from '@mendian/protocol';
import { HqLoyalty, member, memberService, tempDir } from './helpers.js';

const tmp = tempDir('allowance');
afterAll(() => tmp.cleanup());

const storeA = ulid();
const storeB = ulid();
const policy = {
  shareBp: 4000,
  homeStoreShareBp: 6000,
  maxPerStore: { points: 5000, value: 50_000 },
};

/** A seeded random source, so a failing run can be replayed from its printed seed. */
function random(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    // The low bits of a power-of-two LCG cycle quickly: take the high ones.
    return Math.floor(s / 65536) % n;
  };
}

test('two stores offline at once can never spend the same balance twice', () => {
  const seed = Date.now() % 1_000_000;
  console.log(`allowance test seed ${seed}`);
  const rand = random(seed);
  const hq = new HqLoyalty(policy);
  const m = member({ homeStoreId: storeA });
  const a = memberService(`${tmp.dir}/a.db`, storeA);
  const b = memberService(`${tmp.dir}/b.db`, storeB);
  for (const s of [a, b]) s.members.directory.applySynced([m]);
  // HQ's opening balances: 3000 points and ¥300.00 of stored value, from earlier purchases.
  hq.push('points', [
    {
      schemaVersion: 1,
      id: ulid(),
      memberId: m.id,
      storeId: null,
      kind: 'adjust',
      delta: 3000,
      orderId: null,
      createdAt: 1,
    },
  ]);
  hq.push('value', [
    {
      schemaVersion: 1,
      id: ulid(),
      memberId: m.id,
      storeId: null,
      kind: 'topUp',
      delta: 30_000,
      orderId: null,
      createdAt: 1,
    },
  ]);

  const stores = [
    { s: a, id: storeA, home: true },
    { s: b, id: storeB, home: false },
  ];
  let refused = 0;
  let spent = { points: 0, value: 0 };
  for (let round = 0; round < 12; round++) {
    // Online moment: each store pushes what it did, and HQ grants from what is free.
    for (const st of stores) {
      for (const asset of ['points', 'value'] as AllowanceAsset[]) {
        hq.push(
          asset,
          st.s.members.ledger.storeEntries(asset),
          st.s.members.ledger.allowances(m.id).filter((x) => x.kind === 'release'),
        );
        const g = hq.grant(m.id, st.id, asset, st.home);
        if (g) st.s.members.ledger.importAllowances([g]);
      }
    }
    // Invariant at HQ: what stores still hold never exceeds the balance.
    for (const asset of ['points', 'value'] as AllowanceAsset[]) {
      expect(hq.balance(m.id, asset)).toBeGreaterThanOrEqual(0);
    }
    // Offline: both stores take turns spending random amounts, without talking to HQ.
    for (let i = 0; i < 20; i++) {
      const st = stores[rand(2)]!;
      const asset: AllowanceAsset = rand(2) === 0 ? 'points' : 'value';
      const amount = 1 + rand(asset === 'points' ? 900 : 9000);
      const r =
        asset === 'points'
          ? st.s.members.redeemReward({
              redemptionId: ulid(),
              memberId: m.id,
              points: amount,
              rewardCode: 'CUP',
              staffId: ulid(),
            })
          : (() => {
              const orderId = ulid();
              const held = st.s.members.hold({
                holdId: ulid(),
                memberId: m.id,
                asset,
                amount,
                orderId,
              });
              if (!held.ok) return held;
              // The hold becomes the committed order's spend entry.
              st.s.db.prepare(`DELETE FROM member_holds WHERE order_id = ?`).run(orderId);
              st.s.members.ledger.append([
                {
                  asset: 'value',
                  entry: {
                    schemaVersion: 1,
                    id: `val:${orderId}:spend`,
                    memberId: m.id,
                    storeId: st.id,
                    kind: 'spend',
                    delta: -amount,
                    orderId,
                    createdAt: Date.now(),
                  },
                },
              ]);
              return held;
            })();
      if (r.ok) spent = { ...spent, [asset]: spent[asset] + amount };
      else {
        expect(r.code).toBe('INSUFFICIENT_ALLOWANCE');
        refused++;
      }
    }
  }
  // Final sync: HQ has every entry of both stores; nothing was spent twice.
  for (const st of stores) {
    hq.push('points', st.s.members.ledger.storeEntries('points'));
    hq.push('value', st.s.members.ledger.storeEntries('value'));
  }
  expect(hq.balance(m.id, 'points')).toBe(3000 - spent.points);
  expect(hq.balance(m.id, 'value')).toBe(30_000 - spent.value);
  expect(hq.balance(m.id, 'points')).toBeGreaterThanOrEqual(0);
  expect(hq.balance(m.id, 'value')).toBeGreaterThanOrEqual(0);
  expect(refused).toBeGreaterThan(0);
  expect(spent.points).toBeGreaterThan(0);
  console.log(`spent ${spent.points} points and ${spent.value} fen; ${refused} attempts refused`);
  a.db.close();
  b.db.close();
});

test('the naive rule (each store may spend the whole last-synced balance) would double-spend', () => {
  // The same two stores with one grant each of the full balance: the protocol refuses to make the
  // second grant, which is what keeps the sum of allowances within the balance.
  const hq = new HqLoyalty({
    shareBp: 10_000,
    homeStoreShareBp: 10_000,
    maxPerStore: { points: 1_000_000, value: 0 },
  });
  const memberId = ulid();
  hq.push('points', [
    {
      schemaVersion: 1,
      id: ulid(),
      memberId,
      storeId: null,
      kind: 'adjust',
      delta: 1000,
      orderId: null,
      createdAt: 1,
    },
  ]);
  expect(hq.grant(memberId, storeA, 'points')?.amount).toBe(1000);
  expect(hq.grant(memberId, storeB, 'points')).toBeNull();
});

test('a store spends exactly its allowance: the last point is refused, holds count, release gives back', () => {
  const hq = new HqLoyalty(policy);
  const m = member();
  const a = memberService(`${tmp.dir}/${ulid()}.db`, storeA);
  a.members.directory.applySynced([m]);
  hq.push('points', [
    {
      schemaVersion: 1,
      id: ulid(),
      memberId: m.id,
      storeId: null,
      kind: 'adjust',
      delta: 1000,
      orderId: null,
      createdAt: 1,
    },
  ]);
  a.members.ledger.importAllowances([hq.grant(m.id, storeA, 'points')!]);
  expect(a.members.get(m.id)?.points).toMatchObject({
    lastSynced: 1000,
    balance: 1000,
    spendable: 400,
  });
  const orderId = ulid();
  const holdId = ulid();
  expect(
    a.members.hold({ holdId, memberId: m.id, asset: 'points', amount: 300, orderId }),
  ).toMatchObject({ ok: true, value: { remaining: 100 } });
  // The same hold again (a retried request) holds nothing more.
  expect(
    a.members.hold({ holdId, memberId: m.id, asset: 'points', amount: 300, orderId }),
  ).toMatchObject({ ok: true, value: { remaining: 100 } });
  expect(
    a.members.redeemReward({
      redemptionId: ulid(),
      memberId: m.id,
      points: 101,
      rewardCode: 'CUP',
      staffId: ulid(),
    }),
  ).toMatchObject({ ok: false, code: 'INSUFFICIENT_ALLOWANCE', details: { spendable: 100 } });
  expect(a.members.releaseHold(holdId)).toEqual({ ok: true, value: true });
  expect(a.members.releaseHold(holdId)).toMatchObject({ ok: false, code: 'HOLD_NOT_FOUND' });
  expect(
    a.members.redeemReward({
      redemptionId: ulid(),
      memberId: m.id,
      points: 400,
      rewardCode: 'CUP',
      staffId: ulid(),
    }),
  ).toMatchObject({ ok: true, value: { remaining: 0 } });
  expect(a.members.get(m.id)?.points).toMatchObject({ balance: 600, spendable: 0 });
  // Top-ups raise the balance but not the allowance.
  expect(
    a.members.topUp({ topUpId: ulid(), memberId: m.id, amount: 5000, staffId: ulid() }).ok,
  ).toBe(true);
  expect(a.members.get(m.id)?.storedValue).toMatchObject({ balance: 5000, spendable: 0 });
  a.db.close();
});

test('holds of abandoned carts are released after a while; a hold asked for again stays', () => {
  let clock = 1_000_000;
  const hq = new HqLoyalty(policy);
  const m = member();
  const a = memberService(`${tmp.dir}/${ulid()}.db`, storeA, () => clock);
  a.members.directory.applySynced([m]);
  hq.push('points', [
    {
      schemaVersion: 1,
      id: ulid(),
      memberId: m.id,
      storeId: null,
      kind: 'adjust',
      delta: 1000,
      orderId: null,
      createdAt: 1,
    },
  ]);
  a.members.ledger.importAllowances([hq.grant(m.id, storeA, 'points')!]);
  const abandoned = {
    holdId: ulid(),
    memberId: m.id,
    asset: 'points',
    amount: 100,
    orderId: ulid(),
  };
  const open = { holdId: ulid(), memberId: m.id, asset: 'points', amount: 50, orderId: ulid() };
  a.members.hold(abandoned);
  a.members.hold(open);
  clock += 20 * 60_000;
  expect(a.members.hold(open)).toMatchObject({ ok: true, value: { remaining: 250 } });
  expect(a.members.releaseStaleHolds(15 * 60_000)).toBe(1);
  expect(a.members.get(m.id)?.points).toMatchObject({ spendable: 350, held: 50 });
  a.db.close();
});
