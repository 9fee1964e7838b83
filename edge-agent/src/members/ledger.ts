import type Database from 'better-sqlite3';
import {
  allowanceEntrySchema,
  holdingRemaining,
  holdingsOf,
  pointsEntrySchema,
  safeParse,
  valueEntrySchema,
  type AllowanceAsset,
  type AllowanceEntry,
  type PointsEntry,
  type ValueEntry,
} from '@mendian/protocol';

export type LedgerEntry =
  { asset: 'points'; entry: PointsEntry } | { asset: 'value'; entry: ValueEntry };

export interface AssetBalance {
  /** HQ's balance when it last granted this store an allowance (null: never synced). */
  lastSynced: number | null;
  /** lastSynced plus this store's entries since: what the till shows. */
  balance: number;
  /** What this store may still spend without HQ: its allowance minus use and open holds. */
  spendable: number;
  held: number;
}

/**
 * Points and stored-value ledgers (facts), HQ's allowance entries and the till's holds, for one
 * store. Entries are insert-only and idempotent by id.
 */
export class MemberLedger {
  constructor(
    private readonly db: Database.Database,
    private readonly storeId: string,
  ) {}

  /** Validates every entry first; inserts all in one transaction; returns ids already present. */
  append(entries: readonly LedgerEntry[]): { inserted: number; duplicates: string[] } {
    for (const [i, e] of entries.entries()) {
      const schema = e.asset === 'points' ? pointsEntrySchema : valueEntrySchema;
      const r = safeParse(schema, e.entry, `${e.asset} entry [${i}]`);
      if (!r.ok) throw r.error;
    }
    const put = this.db.prepare(
      `INSERT OR IGNORE INTO member_ledger (asset, id, member_id, store_id, kind, delta, order_id,
        doc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const run = this.db.transaction(() => {
      const out = { inserted: 0, duplicates: [] as string[] };
      for (const { asset, entry: e } of entries) {
        const r = put.run(
          asset,
          e.id,
          e.memberId,
          e.storeId,
          e.kind,
          e.delta,
          e.orderId,
          JSON.stringify(e),
          e.createdAt,
        );
        if (r.changes === 1) out.inserted++;
        else out.duplicates.push(e.id);
      }
      return out;
    });
    return run();
  }

  /** Allowance entries from HQ (grants) for this store; others' are ignored. */
  importAllowances(docs: readonly unknown[]): number {
    const parsed = docs.map((d, i) => {
      const r = safeParse(allowanceEntrySchema, d, `allowance entry [${i}]`);
      if (!r.ok) throw r.error;
      return r.value;
    });
    const run = this.db.transaction(() => {
      let n = 0;
      for (const a of parsed) if (a.storeId === this.storeId) n += this.putAllowance(a);
      return n;
    });
    return run();
  }

  putAllowance(a: AllowanceEntry): number {
    return this.db
      .prepare(
        `INSERT OR IGNORE INTO member_allowances (id, member_id, store_id, asset, kind, amount,
          hq_balance, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(a.id, a.memberId, a.storeId, a.asset, a.kind, a.amount, a.hqBalance, a.createdAt)
      .changes;
  }

  allowances(memberId: string, asset?: AllowanceAsset): AllowanceEntry[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM member_allowances WHERE member_id = ? AND (? IS NULL OR asset = ?)
         ORDER BY created_at, id`,
      )
      .all(memberId, asset ?? null, asset ?? null) as {
      id: string;
      member_id: string;
      store_id: string;
      asset: AllowanceAsset;
      kind: AllowanceEntry['kind'];
      amount: number;
      hq_balance: number | null;
      created_at: number;
    }[];
    return rows.map((r) => ({
      schemaVersion: 1,
      id: r.id,
      memberId: r.member_id,
      storeId: r.store_id,
      asset: r.asset,
      kind: r.kind,
      amount: r.amount,
      hqBalance: r.hq_balance,
      createdAt: r.created_at,
    }));
  }

  entries(memberId: string, asset: AllowanceAsset): LedgerEntry[] {
    const rows = this.db
      .prepare(`SELECT doc FROM member_ledger WHERE member_id = ? AND asset = ? ORDER BY seq`)
      .all(memberId, asset) as { doc: string }[];
    return rows.map((r) =>
      asset === 'points'
        ? { asset, entry: JSON.parse(r.doc) as PointsEntry }
        : { asset, entry: JSON.parse(r.doc) as ValueEntry },
    );
  }

  /** Every entry of this store (for the replication to push and the tests to compare). */
  storeEntries(asset: AllowanceAsset): (PointsEntry | ValueEntry)[] {
    return (
      this.db
        .prepare(`SELECT doc FROM member_ledger WHERE asset = ? AND store_id = ? ORDER BY seq`)
        .all(asset, this.storeId) as { doc: string }[]
    ).map((r) => JSON.parse(r.doc) as PointsEntry | ValueEntry);
  }

  held(memberId: string, asset: AllowanceAsset): number {
    const r = this.db
      .prepare(
        `SELECT COALESCE(SUM(amount), 0) AS n FROM member_holds WHERE member_id = ? AND asset = ?`,
      )
      .get(memberId, asset) as { n: number };
    return r.n;
  }

  balance(memberId: string, asset: AllowanceAsset): AssetBalance {
    const allowances = this.allowances(memberId, asset);
    const entries = this.entries(memberId, asset).map((e) => e.entry);
    const mine = holdingsOf(
      asset,
      allowances,
      entries.filter((e) => e.storeId === this.storeId),
    ).get(this.storeId);
    const held = this.held(memberId, asset);
    const lastGrant = [...allowances].reverse().find((a) => a.hqBalance !== null);
    const lastSynced = lastGrant?.hqBalance ?? null;
    // What this store did since HQ's figure (other stores' entries reach it only through HQ).
    const since = entries
      .filter((e) => e.storeId === this.storeId && e.createdAt > (lastGrant?.createdAt ?? -1))
      .reduce((s, e) => s + e.delta, 0);
    return {
      lastSynced,
      balance: (lastSynced ?? 0) + since,
      spendable: Math.max(0, (mine ? holdingRemaining(mine) : 0) - held),
      held,
    };
  }
}
