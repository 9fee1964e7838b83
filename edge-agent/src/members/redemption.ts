import { fail, ok, safeParse, type AllowanceAsset, type Result } from '@mendian/protocol';
import type { MemberDirectory } from './member-directory.js';
import type { MemberFailureCode } from './errors.js';
import { holdInput, releaseInput, rewardInput, topUpInput } from './inputs.js';
import type { MemberLedger } from './ledger.js';
import type Database from 'better-sqlite3';

export interface RedemptionDeps {
  db: Database.Database;
  storeId: string;
  now: () => number;
  directory: MemberDirectory;
  ledger: MemberLedger;
}

function activeMember(deps: RedemptionDeps, memberId: string) {
  const m = deps.directory.resolve(memberId);
  if (!m) return fail('NOT_FOUND' as const, `no member ${memberId}`);
  if (m.status !== 'active') {
    return fail('MEMBER_INACTIVE' as const, `member ${memberId} is ${m.status}`);
  }
  return ok(m);
}

function checkSpendable(
  deps: RedemptionDeps,
  memberId: string,
  asset: AllowanceAsset,
  amount: number,
): Result<number, MemberFailureCode> {
  const { spendable } = deps.ledger.balance(memberId, asset);
  if (amount > spendable) {
    return fail(
      'INSUFFICIENT_ALLOWANCE',
      `this store may spend ${spendable} ${asset === 'points' ? 'points' : 'fen'} for this member without HQ`,
      { spendable, requested: amount },
    );
  }
  return ok(spendable - amount);
}

/**
 * Authorises points or stored value as a tender, like a card authorisation: the amount is held
 * against this store's allowance until the order commits (the hold turns into the order's ledger
 * entry) or the tender is voided. Check and hold are one IMMEDIATE transaction, so two lanes of
 * one store cannot both take the last of an allowance.
 */
export function holdForTender(
  deps: RedemptionDeps,
  input: unknown,
): Result<{ holdId: string; remaining: number }, MemberFailureCode> {
  const parsed = safeParse(holdInput, input, 'tender hold');
  if (!parsed.ok) return fail('VALIDATION_FAILED', parsed.error.message, parsed.error.issues);
  const h = parsed.value;
  const run = deps.db.transaction(
    (): Result<{ holdId: string; remaining: number }, MemberFailureCode> => {
      const member = activeMember(deps, h.memberId);
      if (!member.ok) return member;
      const memberId = member.value.id;
      const existing = deps.db
        .prepare(`SELECT member_id, asset, amount, order_id FROM member_holds WHERE id = ?`)
        .get(h.holdId) as
        { member_id: string; asset: string; amount: number; order_id: string } | undefined;
      if (existing) {
        if (
          existing.asset === h.asset &&
          existing.amount === h.amount &&
          existing.order_id === h.orderId
        ) {
          // Asked again for an open cart: the hold is still wanted, so it is not stale.
          deps.db
            .prepare(`UPDATE member_holds SET created_at = ? WHERE id = ?`)
            .run(deps.now(), h.holdId);
          return ok({
            holdId: h.holdId,
            remaining: deps.ledger.balance(memberId, h.asset).spendable,
          });
        }
        return fail('DUPLICATE', `hold ${h.holdId} exists with different content`);
      }
      const left = checkSpendable(deps, memberId, h.asset, h.amount);
      if (!left.ok) return left;
      deps.db
        .prepare(
          `INSERT INTO member_holds (id, member_id, asset, amount, order_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(h.holdId, memberId, h.asset, h.amount, h.orderId, deps.now());
      return ok({ holdId: h.holdId, remaining: left.value });
    },
  );
  return run.immediate();
}

/** The tender was voided or the cart abandoned: the held amount is spendable again. */
export function releaseHold(deps: RedemptionDeps, holdId: string): Result<true, MemberFailureCode> {
  const r = deps.db.prepare(`DELETE FROM member_holds WHERE id = ?`).run(holdId);
  return r.changes === 1 ? ok(true) : fail('HOLD_NOT_FOUND', `no hold ${holdId}`);
}

/**
 * Releases holds older than `maxAgeMs` (carts abandoned when a lane crashed), so an allowance is
 * not locked forever. Run at start and periodically; a hold for a cart still open is refreshed by
 * the checkout asking again with the same hold id.
 */
export function releaseStaleHolds(deps: RedemptionDeps, maxAgeMs: number): number {
  return deps.db.prepare(`DELETE FROM member_holds WHERE created_at < ?`).run(deps.now() - maxAgeMs)
    .changes;
}

/** Points exchanged for a reward (a gift, a coupon) outside an order. */
export function redeemReward(
  deps: RedemptionDeps,
  input: unknown,
): Result<{ entryId: string; remaining: number }, MemberFailureCode> {
  const parsed = safeParse(rewardInput, input, 'reward redemption');
  if (!parsed.ok) return fail('VALIDATION_FAILED', parsed.error.message, parsed.error.issues);
  const r = parsed.value;
  const run = deps.db.transaction(
    (): Result<{ entryId: string; remaining: number }, MemberFailureCode> => {
      const member = activeMember(deps, r.memberId);
      if (!member.ok) return member;
      const entryId = `pts:reward:${r.redemptionId}`;
      const dup = deps.db
        .prepare(`SELECT 1 FROM member_ledger WHERE asset = 'points' AND id = ?`)
        .get(entryId);
      if (dup) return fail('DUPLICATE', `reward redemption ${r.redemptionId} was already posted`);
      const left = checkSpendable(deps, member.value.id, 'points', r.points);
      if (!left.ok) return left;
      deps.ledger.append([
        {
          asset: 'points',
          entry: {
            schemaVersion: 1,
            id: entryId,
            memberId: member.value.id,
            storeId: deps.storeId,
            kind: 'redeem',
            delta: -r.points,
            orderId: null,
            note: `reward ${r.rewardCode} by ${r.staffId}`,
            createdAt: deps.now(),
          },
        },
      ]);
      return ok({ entryId, remaining: left.value });
    },
  );
  return run.immediate();
}

/**
 * Stored value topped up at the till (the money is taken by the checkout). It raises the balance
 * but not this store's allowance: only HQ can make value spendable, or another store could be
 * granted the same money.
 */
export function topUp(
  deps: RedemptionDeps,
  input: unknown,
): Result<{ entryId: string }, MemberFailureCode> {
  const parsed = safeParse(topUpInput, input, 'stored value top-up');
  if (!parsed.ok) return fail('VALIDATION_FAILED', parsed.error.message, parsed.error.issues);
  const t = parsed.value;
  const member = activeMember(deps, t.memberId);
  if (!member.ok) return member;
  const entryId = `val:topup:${t.topUpId}`;
  const out = deps.ledger.append([
    {
      asset: 'value',
      entry: {
        schemaVersion: 1,
        id: entryId,
        memberId: member.value.id,
        storeId: deps.storeId,
        kind: 'topUp',
        delta: t.amount,
        orderId: null,
        createdAt: deps.now(),
      },
    },
  ]);
  if (out.inserted === 0) return fail('DUPLICATE', `top-up ${t.topUpId} was already posted`);
  return ok({ entryId });
}

/** Hands unspent allowance back to HQ (e.g. the member moved to another store). */
export function releaseAllowance(
  deps: RedemptionDeps,
  input: unknown,
): Result<{ releaseId: string }, MemberFailureCode> {
  const parsed = safeParse(releaseInput, input, 'allowance release');
  if (!parsed.ok) return fail('VALIDATION_FAILED', parsed.error.message, parsed.error.issues);
  const r = parsed.value;
  const run = deps.db.transaction((): Result<{ releaseId: string }, MemberFailureCode> => {
    const left = checkSpendable(deps, r.memberId, r.asset, r.amount);
    if (!left.ok) return left;
    const inserted = deps.ledger.putAllowance({
      schemaVersion: 1,
      id: r.releaseId,
      memberId: r.memberId,
      storeId: deps.storeId,
      asset: r.asset,
      kind: 'release',
      amount: r.amount,
      hqBalance: null,
      createdAt: deps.now(),
    });
    if (inserted === 0) return fail('DUPLICATE', `release ${r.releaseId} was already posted`);
    return ok({ releaseId: r.releaseId });
  });
  return run.immediate();
}
