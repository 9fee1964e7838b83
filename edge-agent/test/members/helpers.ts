import Database from 'better-sqlite3';
import {
  grantAmount,
  holdingsOf,
  ulid,
  type AllowanceAsset,
  type AllowanceEntry,
  type AllowancePolicy,
  type Member,
  type PointsEntry,
  type ValueEntry,
} from '@mendian/protocol';
import { MemberService } from '../../src/members/member-service.js';

export const KEYS = { K1: new TextEncoder().encode('test-member-key-0123456789abcdef') };

export function openDb(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  return db;
}

export function memberService(
  file: string,
  storeId: string,
  now = () => Date.now(),
): { db: Database.Database; members: MemberService } {
  const db = openDb(file);
  return { db, members: new MemberService({ db, storeId, memberKeys: KEYS, now }) };
}

export function member(over: Partial<Member> = {}): Member {
  return {
    schemaVersion: 1,
    id: ulid(),
    cardNo: '8800123456',
    phone: '13812345678',
    name: '张三',
    birthday: '1990-05-01',
    tier: 'gold',
    tags: ['高价值'],
    consent: { profile: true, marketing: false, presence: false, at: 1, source: 'online' },
    deviceHashes: ['0123456789abcdef'],
    homeStoreId: null,
    provisional: false,
    status: 'active',
    mergedInto: null,
    fieldUpdatedAt: { phone: 1, name: 1, consent: 1, tier: 1 },
    createdAt: 1,
    updatedAt: 1,
    ...over,
  };
}

/**
 * HQ's side of the allowance protocol, as the sync server would run it: every entry pushed by the
 * stores, the allowance entries it granted or received, and grants computed with the protocol's
 * grantAmount. (The sync server has no allowance collection yet; this is the logic to adopt.)
 */
export class HqLoyalty {
  readonly entries = {
    points: new Map<string, PointsEntry | ValueEntry>(),
    value: new Map<string, PointsEntry | ValueEntry>(),
  };
  readonly allowances = new Map<string, AllowanceEntry>();
  constructor(readonly policy: AllowancePolicy) {}

  /** Idempotent by id, as the server's insert-only facts are. */
  push(
    asset: AllowanceAsset,
    entries: readonly (PointsEntry | ValueEntry)[],
    allowances: readonly AllowanceEntry[] = [],
  ) {
    for (const e of entries) this.entries[asset].set(e.id, e);
    for (const a of allowances) this.allowances.set(a.id, a);
  }

  balance(memberId: string, asset: AllowanceAsset): number {
    let b = 0;
    for (const e of this.entries[asset].values()) if (e.memberId === memberId) b += e.delta;
    return b;
  }

  grant(
    memberId: string,
    storeId: string,
    asset: AllowanceAsset,
    isHomeStore = false,
  ): AllowanceEntry | null {
    const balance = this.balance(memberId, asset);
    const holdings = holdingsOf(
      asset,
      [...this.allowances.values()].filter((a) => a.memberId === memberId),
      [...this.entries[asset].values()].filter((e) => e.memberId === memberId),
    );
    const amount = grantAmount({
      asset,
      balance,
      holdings,
      storeId,
      isHomeStore,
      policy: this.policy,
    });
    if (amount <= 0) return null;
    const g: AllowanceEntry = {
      schemaVersion: 1,
      id: ulid(),
      memberId,
      storeId,
      asset,
      kind: 'grant',
      amount,
      hqBalance: balance,
      createdAt: Date.now(),
    };
    this.allowances.set(g.id, g);
    return g;
  }
}

export { tempDir } from '../stock/helpers.js';
