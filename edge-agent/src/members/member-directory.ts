import type Database from 'better-sqlite3';
import { memberSchema, mergeMember, safeParse, type Member } from '@mendian/protocol';

interface MemberRow {
  doc: string;
}

/**
 * Profile data is kept only with profile consent. Applied to every version the store holds, so a
 * withdrawal that arrives by sync removes the data at the edge at once.
 */
export function withoutProfileIfNoConsent(m: Member): Member {
  if (m.consent.profile) return m;
  return { ...m, name: null, birthday: null, deviceHashes: [] };
}

export interface SyncApplyOutcome {
  applied: number;
  /** Members whose profile data was removed because consent is withdrawn. */
  stripped: number;
  /** Members HQ erased: removed from this store entirely (their ledger facts stay, anonymous). */
  erased: number;
}

/** The members this store knows, mirrored from the replicated `members` collection. */
export class MemberDirectory {
  constructor(private readonly db: Database.Database) {}

  private put(m: Member): void {
    this.db
      .prepare(
        `INSERT INTO members (id, phone, card_no, status, provisional, doc, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET phone = excluded.phone,
         card_no = excluded.card_no, status = excluded.status, provisional = excluded.provisional,
         doc = excluded.doc, updated_at = excluded.updated_at`,
      )
      .run(
        m.id,
        m.phone,
        m.cardNo,
        m.status,
        m.provisional ? 1 : 0,
        JSON.stringify(m),
        m.updatedAt,
      );
  }

  /**
   * Member documents arriving from HQ: validated all first, merged field by field with what the
   * store has (an offline consent change here and a tier change at HQ both survive).
   */
  applySynced(docs: readonly unknown[]): SyncApplyOutcome {
    const parsed = docs.map((d, i) => {
      const r = safeParse(memberSchema, d, `member [${i}]`);
      if (!r.ok) throw r.error;
      return r.value;
    });
    const run = this.db.transaction(() => {
      const out: SyncApplyOutcome = { applied: 0, stripped: 0, erased: 0 };
      for (const incoming of parsed) {
        const local = this.get(incoming.id);
        const merged = local ? mergeMember(local, incoming) : incoming;
        if (merged.status === 'erased') {
          this.db.prepare(`DELETE FROM members WHERE id = ?`).run(merged.id);
          this.db.prepare(`DELETE FROM member_outbox WHERE member_id = ?`).run(merged.id);
          out.erased++;
          continue;
        }
        const kept = withoutProfileIfNoConsent(merged);
        if (kept !== merged) out.stripped++;
        this.put(kept);
        out.applied++;
      }
      return out;
    });
    return run();
  }

  /** A change made at this store: stored, and queued for the replication to push. */
  saveLocal(m: Member, at: number): void {
    const kept = withoutProfileIfNoConsent(m);
    this.put(kept);
    this.db
      .prepare(
        `INSERT INTO member_outbox (member_id, doc, queued_at) VALUES (?, ?, ?)
         ON CONFLICT (member_id) DO UPDATE SET doc = excluded.doc, queued_at = excluded.queued_at`,
      )
      .run(kept.id, JSON.stringify(kept), at);
  }

  /** Member records changed here and not yet acknowledged by the replication. */
  outbox(): Member[] {
    return (
      this.db.prepare(`SELECT doc FROM member_outbox ORDER BY queued_at`).all() as MemberRow[]
    ).map((r) => JSON.parse(r.doc) as Member);
  }

  acknowledge(memberId: string, doc: Member): void {
    this.db
      .prepare(`DELETE FROM member_outbox WHERE member_id = ? AND doc = ?`)
      .run(memberId, JSON.stringify(doc));
  }

  get(id: string): Member | null {
    const r = this.db.prepare(`SELECT doc FROM members WHERE id = ?`).get(id) as
      MemberRow | undefined;
    return r ? (JSON.parse(r.doc) as Member) : null;
  }

  /** Follows `mergedInto`, so an old card or a provisional id still finds the surviving member. */
  resolve(id: string): Member | null {
    let m = this.get(id);
    for (let hops = 0; m && m.status === 'merged' && m.mergedInto && hops < 5; hops++) {
      m = this.get(m.mergedInto) ?? m;
      if (m.status === 'merged' && m.mergedInto === null) break;
    }
    return m;
  }

  byPhone(phone: string): Member[] {
    return (
      this.db
        .prepare(`SELECT doc FROM members WHERE phone = ? AND status != 'merged' ORDER BY id`)
        .all(phone) as MemberRow[]
    ).map((r) => JSON.parse(r.doc) as Member);
  }

  byCard(cardNo: string): Member | null {
    const r = this.db.prepare(`SELECT id FROM members WHERE card_no = ?`).get(cardNo) as
      { id: string } | undefined;
    return r ? this.resolve(r.id) : null;
  }
}
