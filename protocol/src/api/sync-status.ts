import { z } from 'zod';
import { epochMs } from '../schemas/common.js';

/** What the lane shows about replication: online, what waits to upload, when it last synced. */
export const syncStatusSchema = z.object({
  online: z.boolean(),
  /** Documents written here and not yet acknowledged by the center, per collection. */
  pendingUploads: z.record(z.string(), z.number().int().min(0)),
  lastSyncedAt: epochMs.nullable(),
  lastError: z
    .object({
      at: epochMs,
      code: z.string(),
      message: z.string(),
      collection: z.string().optional(),
    })
    .nullable(),
  /** A backlog push in progress: how far it got. */
  backlog: z
    .object({
      collection: z.string(),
      done: z.number().int().min(0),
      total: z.number().int().min(0),
    })
    .nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;
