import { z } from 'zod';

/**
 * A pull checkpoint: the server epoch and the last commit-order cursor the store has seen.
 * The epoch changes when the database is recreated or restored, so an old cursor cannot point
 * into a different history; a checkpoint from another epoch restarts the pull from the start.
 */
export const checkpointSchema = z.object({
  epoch: z.string().min(1).max(64),
  seq: z.number().int().min(0),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

/** Why a pull started over from the beginning instead of continuing after the checkpoint. */
export type RestartReason = 'epoch' | 'expired';

export interface CheckpointDecision {
  afterSeq: number;
  restarted?: RestartReason;
}

/**
 * Where to continue a pull. A cursor below the feed's purge horizon may have missed a tombstone
 * that has since been purged, so that store must start from scratch.
 */
export function resolveCheckpoint(
  checkpoint: Checkpoint | null,
  epoch: string,
  purgedSeq: number,
): CheckpointDecision {
  if (checkpoint === null) return { afterSeq: 0 };
  if (checkpoint.epoch !== epoch) return { afterSeq: 0, restarted: 'epoch' };
  if (checkpoint.seq < purgedSeq) return { afterSeq: 0, restarted: 'expired' };
  return { afterSeq: checkpoint.seq };
}
