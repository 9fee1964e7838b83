import type Database from 'better-sqlite3';
import {
  earningRulesSchema,
  fail,
  maskPhone,
  ok,
  orderSchema,
  safeParse,
  ulid,
  type EarningRules,
  type Member,
  type Result,
} from '@mendian/protocol';
import { verifyMemberCode, type MemberKeys } from '@mendian/drivers/barcodes/member-code-verify';
import { memberEntriesFromOrder, pointsForSale } from './earning.js';
import type { MemberFailureCode } from './errors.js';
import { lookupInput } from './inputs.js';
import { MemberDirectory } from './member-directory.js';
import { migrateMembers } from './member-schema.js';
import { MemberLedger, type AssetBalance, type LedgerEntry } from './ledger.js';
import {
  holdForTender,
  redeemReward,
  releaseAllowance,
  releaseHold,
  releaseStaleHolds,
  topUp,
  type RedemptionDeps,
} from './redemption.js';
import { recordConsent, signUp, type SignupDeps } from './signup.js';

export interface MemberServiceOptions {
  db: Database.Database;
  storeId: string;
  /** The chain's member-QR keys by key id (rotated by HQ). */
  memberKeys: MemberKeys;
  entryTier?: string;
  now?: () => number;
  /** The category of a product, for category earning rates (the catalog's lookup). */
  categoryOf?: (productId: string) => string | null;
}

/** What the till and the manager screen show; the phone is masked (138****5678). */
export interface MemberView {
  id: string;
  phoneMasked: string;
  cardNo: string | null;
  /** Shown only with profile consent. */
  name: string | null;
  tier: string;
  tags: string[];
  provisional: boolean;
  status: Member['status'];
  points: AssetBalance;
  storedValue: AssetBalance;
}

export class MemberService {
  readonly directory: MemberDirectory;
  readonly ledger: MemberLedger;
  private readonly now: () => number;

  constructor(private readonly options: MemberServiceOptions) {
    migrateMembers(options.db);
    this.directory = new MemberDirectory(options.db);
    this.ledger = new MemberLedger(options.db, options.storeId);
    this.now = options.now ?? Date.now;
  }

  private get redemption(): RedemptionDeps {
    return {
      db: this.options.db,
      storeId: this.options.storeId,
      now: this.now,
      directory: this.directory,
      ledger: this.ledger,
    };
  }

  private get signupDeps(): SignupDeps {
    return {
      storeId: this.options.storeId,
      now: this.now,
      directory: this.directory,
      entryTier: this.options.entryTier ?? 'basic',
    };
  }

  view(member: Member): MemberView {
    return {
      id: member.id,
      phoneMasked: maskPhone(member.phone),
      cardNo: member.cardNo,
      name: member.consent.profile ? member.name : null,
      tier: member.tier,
      tags: member.tags,
      provisional: member.provisional,
      status: member.status,
      points: this.ledger.balance(member.id, 'points'),
      storedValue: this.ledger.balance(member.id, 'value'),
    };
  }

  /**
   * Finds a member by phone, card number, or the member QR code (signature and expiry verified
   * offline with the chain's keys). Several members on one phone (a provisional duplicate not yet
   * merged) are all returned, provisional last.
   */
  lookup(input: unknown): Result<MemberView[], MemberFailureCode> {
    const parsed = safeParse(lookupInput, input, 'member lookup');
    if (!parsed.ok) return fail('VALIDATION_FAILED', parsed.error.message, parsed.error.issues);
    const q = parsed.value;
    let found: Member[];
    if (q.by === 'phone') {
      found = this.directory.byPhone(q.value);
    } else {
      let cardNo = q.value;
      if (q.by === 'code') {
        const code = verifyMemberCode(q.value, this.options.memberKeys, this.now());
        if (!code.ok) return fail('INVALID_CODE', code.error.message, { reason: code.error.code });
        cardNo = code.value.cardNo;
      }
      const m = this.directory.byCard(cardNo);
      found = m ? [m] : [];
    }
    if (found.length === 0) return fail('NOT_FOUND', 'no member found');
    found.sort((a, b) => Number(a.provisional) - Number(b.provisional));
    return ok(found.map((m) => this.view(m)));
  }

  get(memberId: string): MemberView | null {
    const m = this.directory.resolve(memberId);
    return m ? this.view(m) : null;
  }

  /** HQ's earning rules; the newest valid one applies. */
  importRules(docs: readonly unknown[]): number {
    const parsed = docs.map((d, i) => {
      const r = safeParse(earningRulesSchema, d, `earning rules [${i}]`);
      if (!r.ok) throw r.error;
      return r.value;
    });
    const put = this.options.db.prepare(
      `INSERT INTO member_rules (id, valid_from, updated_at, doc) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET valid_from = excluded.valid_from,
       updated_at = excluded.updated_at, doc = excluded.doc
       WHERE excluded.updated_at >= member_rules.updated_at`,
    );
    return this.options.db.transaction(() =>
      parsed.reduce(
        (n, r) => n + put.run(r.id, r.validFrom, r.updatedAt, JSON.stringify(r)).changes,
        0,
      ),
    )();
  }

  rulesAt(at: number): EarningRules | null {
    const r = this.options.db
      .prepare(
        `SELECT doc FROM member_rules WHERE valid_from <= ? ORDER BY valid_from DESC, updated_at DESC
         LIMIT 1`,
      )
      .get(at) as { doc: string } | undefined;
    return r ? (JSON.parse(r.doc) as EarningRules) : null;
  }

  /** What the checkout puts in `order.pointsEarned` for a member's sale. */
  pointsForSale(
    memberId: string,
    sale: Parameters<typeof pointsForSale>[0],
  ): Result<number, MemberFailureCode> {
    const member = this.directory.resolve(memberId);
    if (!member) return fail('NOT_FOUND', `no member ${memberId}`);
    const rules = this.rulesAt(sale.createdAt);
    if (!rules) return fail('NO_EARNING_RULES', 'no earning rules from HQ yet');
    return ok(
      pointsForSale(sale, {
        rules,
        tier: member.tier,
        categoryOf: this.options.categoryOf ?? (() => null),
      }),
    );
  }

  /**
   * The ledger effect of a committed order: its points and stored-value entries (idempotent ids),
   * and its holds released in the same transaction, so the allowance is never counted twice.
   */
  commitOrder(order: unknown): Result<{ inserted: number; duplicates: number }, MemberFailureCode> {
    const parsed = safeParse(orderSchema, order, 'order');
    if (!parsed.ok) return fail('VALIDATION_FAILED', parsed.error.message, parsed.error.issues);
    const o = parsed.value;
    if (o.storeId !== this.options.storeId) {
      return fail('WRONG_STORE', 'the order belongs to another store');
    }
    const { points, value } = memberEntriesFromOrder(o);
    const entries: LedgerEntry[] = [
      ...points.map((entry) => ({ asset: 'points' as const, entry })),
      ...value.map((entry) => ({ asset: 'value' as const, entry })),
    ];
    return this.options.db.transaction(() => {
      this.options.db.prepare(`DELETE FROM member_holds WHERE order_id = ?`).run(o.id);
      const out = this.ledger.append(entries);
      return ok({ inserted: out.inserted, duplicates: out.duplicates.length });
    })();
  }

  hold(input: unknown) {
    return holdForTender(this.redemption, input);
  }
  releaseHold(holdId: string) {
    return releaseHold(this.redemption, holdId);
  }
  releaseStaleHolds(maxAgeMs: number) {
    return releaseStaleHolds(this.redemption, maxAgeMs);
  }
  redeemReward(input: unknown) {
    return redeemReward(this.redemption, input);
  }
  topUp(input: unknown) {
    return topUp(this.redemption, input);
  }
  releaseAllowance(input: unknown) {
    return releaseAllowance(this.redemption, { releaseId: ulid(), ...(input as object) });
  }
  signUp(input: unknown) {
    return signUp(this.signupDeps, input);
  }
  recordConsent(input: unknown) {
    return recordConsent(this.signupDeps, input);
  }
}
