import { z } from 'zod';
import { sameContent, stripBookkeeping, type JsonObject } from '../content.js';
import {
  idOf,
  type CollectionPolicy,
  type DerivedDoc,
  type Principal,
} from '../collections/policy.js';
import type { StoredRow, SyncStorage, SyncTx } from '../storage/types.js';

export const pushRowSchema = z.object({
  assumedMasterState: z.record(z.string(), z.unknown()).optional().nullable(),
  newDocumentState: z.record(z.string(), z.unknown()),
});
export type PushRow = z.infer<typeof pushRowSchema>;

export type RejectCode =
  | 'INVALID_DOCUMENT'
  | 'FOREIGN_DOCUMENT'
  | 'FACT_IMMUTABLE'
  | 'DERIVE_FAILED'
  | 'DUPLICATE_IN_BATCH';

/** A document refused with a reason; the rest of its batch is applied. */
export interface Rejection {
  id: string | null;
  code: RejectCode;
  reason: string;
}

export interface PushOutcome {
  /** Current master state of every conflicting document (RxDB's push answer). */
  conflicts: JsonObject[];
  rejected: Rejection[];
  written: number;
  /** Retries of documents the server already has with the same content. */
  unchanged: number;
  derived: number;
  /** Derived documents that already existed with other content (kept as they were). */
  derivedMismatches: string[];
}

interface Candidate {
  id: string;
  content: JsonObject;
  assumed: JsonObject | null;
  derived?: DerivedDoc[];
}

function ownerLabel(owner: string | null): string {
  return owner === null ? 'HQ' : `store ${owner}`;
}

/** Whether the principal may change the document from `master` (if any) to `content`. */
function mayWrite(
  policy: CollectionPolicy,
  principal: Principal,
  content: JsonObject,
  master: StoredRow | undefined,
): string | null {
  if (principal.kind === 'hq') return null;
  const own = principal.storeId;
  const granted = master !== undefined && master.grants.includes(own) && policy.kind === 'shared';
  const newOwner = policy.ownerOf(content);
  if (newOwner !== own && !granted) {
    return `${policy.name} document belongs to ${ownerLabel(newOwner)}, not to this store`;
  }
  if (master !== undefined && !granted) {
    // The stored owner, not one read from the content: server-derived rows are owned by no store.
    const oldOwner = master.ownerStoreId;
    if (oldOwner !== own) {
      return `${policy.name} document is held by ${ownerLabel(oldOwner)}; this store cannot change it`;
    }
  }
  return null;
}

/**
 * Applies one push batch idempotently. Validation happens before the transaction; inside it the
 * feeds are locked first, then current states read, then every row decided on:
 * - same content as the master: nothing to do (a retry after a lost response);
 * - facts: inserted once; another content under the same id, or a delete, is refused;
 * - other kinds: written when the assumed master state matches the real one by content, otherwise
 *   the real one is returned as a conflict for the client's conflict handler.
 * Derived documents of newly inserted facts are written in the same transaction.
 */
export async function applyPush(
  storage: SyncStorage,
  policy: CollectionPolicy,
  policies: ReadonlyMap<string, CollectionPolicy>,
  principal: Principal,
  rows: readonly PushRow[],
): Promise<PushOutcome> {
  const out: PushOutcome = {
    conflicts: [],
    rejected: [],
    written: 0,
    unchanged: 0,
    derived: 0,
    derivedMismatches: [],
  };
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const content = stripBookkeeping(row.newDocumentState);
    const id = idOf(policy, content);
    if (id === null) {
      out.rejected.push({
        id: null,
        code: 'INVALID_DOCUMENT',
        reason: `${policy.primaryKey} is missing`,
      });
      continue;
    }
    if (seen.has(id)) {
      out.rejected.push({
        id,
        code: 'DUPLICATE_IN_BATCH',
        reason: 'id appears twice in the batch',
      });
      continue;
    }
    seen.add(id);
    const { _deleted: _ignored, ...fields } = content;
    const v = policy.validate(fields);
    if (!v.ok) {
      out.rejected.push({ id, code: 'INVALID_DOCUMENT', reason: v.reason });
      continue;
    }
    const assumed = row.assumedMasterState ? stripBookkeeping(row.assumedMasterState) : null;
    candidates.push({ id, content, assumed });
  }
  if (candidates.length === 0) return out;

  const derivedCollections = policy.derive ? ['stockMovements', 'pointsEntries'] : [];
  await storage.transaction(async (tx) => {
    await tx.lockFeeds([policy.name, ...derivedCollections]);
    const current = await tx.getMany(
      policy.name,
      candidates.map((c) => c.id),
    );
    const writes: Candidate[] = [];
    const inserted: Candidate[] = [];
    for (const c of candidates) {
      const master = current.get(c.id);
      if (master !== undefined && sameContent(master.doc, c.content)) {
        out.unchanged += 1;
        continue;
      }
      const denied = mayWrite(policy, principal, c.content, master);
      if (denied !== null) {
        out.rejected.push({ id: c.id, code: 'FOREIGN_DOCUMENT', reason: denied });
        continue;
      }
      if (policy.kind === 'fact') {
        if (master !== undefined) {
          out.rejected.push({
            id: c.id,
            code: 'FACT_IMMUTABLE',
            reason: `${policy.name} ${c.id} already exists with other content; facts are never changed`,
          });
        } else if (c.content._deleted === true) {
          out.rejected.push({
            id: c.id,
            code: 'FACT_IMMUTABLE',
            reason: `${policy.name} are facts and are never deleted`,
          });
        } else {
          const d = policy.derive?.(c.content);
          if (d && 'error' in d) {
            out.rejected.push({ id: c.id, code: 'DERIVE_FAILED', reason: d.error });
            continue;
          }
          writes.push(c);
          inserted.push(d ? { ...c, derived: d } : c);
        }
        continue;
      }
      if (master !== undefined && (c.assumed === null || !sameContent(c.assumed, master.doc))) {
        out.conflicts.push(master.doc);
        continue;
      }
      writes.push(c);
    }
    await tx.write(
      policy.name,
      writes.map((c) => ({
        id: c.id,
        doc: c.content,
        ownerStoreId: policy.ownerOf(c.content),
        audience: policy.audienceOf(c.content),
      })),
    );
    out.written = writes.length;
    if (policy.derive) await writeDerived(tx, policies, inserted, out);
  });
  return out;
}

async function writeDerived(
  tx: SyncTx,
  policies: ReadonlyMap<string, CollectionPolicy>,
  inserted: readonly Candidate[],
  out: PushOutcome,
): Promise<void> {
  const byCollection = new Map<string, JsonObject[]>();
  for (const c of inserted) {
    for (const x of c.derived ?? []) {
      const list = byCollection.get(x.collection) ?? [];
      list.push({ ...x.doc, _deleted: false });
      byCollection.set(x.collection, list);
    }
  }
  for (const [collection, docs] of byCollection) {
    const target = policies.get(collection);
    if (!target) continue;
    const existing = await tx.getMany(
      collection,
      docs.map((d) => String(d.id)),
    );
    const fresh = docs.filter((d) => {
      const e = existing.get(String(d.id));
      if (e === undefined) return true;
      if (!sameContent(e.doc, d)) out.derivedMismatches.push(String(d.id));
      return false;
    });
    // Server-owned: no store may change them, every store of the order's scope pulls them.
    await tx.write(
      collection,
      fresh.map((d) => ({
        id: String(d.id),
        doc: d,
        ownerStoreId: null,
        audience: target.audienceOf(d),
      })),
    );
    out.derived += fresh.length;
  }
}
