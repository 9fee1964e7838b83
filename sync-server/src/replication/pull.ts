import type { Checkpoint, RestartReason } from '../checkpoint.js';
import { resolveCheckpoint } from '../checkpoint.js';
import type { JsonObject } from '../content.js';
import type { CollectionPolicy, Principal } from '../collections/policy.js';
import type { SyncStorage } from '../storage/types.js';

export interface PullResult {
  documents: JsonObject[];
  checkpoint: Checkpoint;
  /** Set when the pull started over: the client should treat it as a fresh download. */
  restarted?: RestartReason;
}

/**
 * One page of a feed for a principal. Scope is part of the SQL (before LIMIT), so a page shorter
 * than the limit means nothing more is visible. The feed's cursor is read before the query: every
 * cursor up to it has committed (cursors are taken under the feed lock), so a short page may move
 * the checkpoint up to it, sparing a store the re-scan of rows it cannot see.
 */
export async function pullPage(
  storage: SyncStorage,
  policy: CollectionPolicy,
  principal: Principal,
  checkpoint: Checkpoint | null,
  limit: number,
): Promise<PullResult> {
  const feed = await storage.feedState(policy.name);
  const epoch = storage.epoch();
  const decision = resolveCheckpoint(checkpoint, epoch, feed.purgedSeq);
  const rows = await storage.pull(policy.name, {
    afterSeq: decision.afterSeq,
    storeId: principal.kind === 'hq' ? null : principal.storeId,
    limit,
  });
  const last = rows.at(-1)?.seq ?? decision.afterSeq;
  const seq = rows.length < limit ? Math.max(last, feed.seq) : last;
  return {
    documents: rows.map((r) => r.doc),
    checkpoint: { epoch, seq },
    ...(decision.restarted ? { restarted: decision.restarted } : {}),
  };
}
