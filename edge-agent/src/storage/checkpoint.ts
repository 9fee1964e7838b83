/**
 * Checkpoint of getChangedDocumentsSince and of changeStream event bulks. `sequence` is what
 * pagination uses: the storage hands it out inside the write transaction, so it only grows in
 * commit order even when the wall clock (and with it `_meta.lwt`) jumps back. `id` and `lwt` of
 * the last document are kept for readers that expect rxdb's default checkpoint shape.
 */
export interface MendianCheckpoint {
  readonly id: string;
  readonly lwt: number;
  readonly sequence: number;
}

export const START_CHECKPOINT: MendianCheckpoint = { id: '', lwt: 0, sequence: 0 };

export function sequenceOf(checkpoint: Partial<MendianCheckpoint> | undefined | null): number {
  const s = checkpoint?.sequence;
  // A checkpoint without a sequence (older format or foreign) restarts from the beginning:
  // replication re-reads and dedups by revision, which is safe; skipping is not.
  return typeof s === 'number' && Number.isFinite(s) ? s : 0;
}
