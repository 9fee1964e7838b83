import { z } from 'zod';
import { sku } from '@mendian/protocol';

/** One weighed slot of a smart shelf: which SKU lies there and how to count it from grams. */
export const slotConfigSchema = z
  .object({
    /** The shelf device id (as registered). */
    shelf: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    slot: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
    sku,
    /** Weight of one item. */
    unitGrams: z.number().positive().max(100_000),
    /** Weight of the empty slot (tray, divider) as the load cell reports it. */
    tareGrams: z.number().min(0).max(100_000),
    /** A reading further than this from a whole number of items is noise or a foreign object. */
    toleranceGrams: z.number().min(0).max(100_000),
    /** At or below this count the slot is low and a replenishment task is raised. */
    lowAt: z.number().int().min(0).max(10_000),
  })
  .refine((c) => c.toleranceGrams < c.unitGrams / 2, {
    message: 'toleranceGrams must be below half of unitGrams, or counts become ambiguous',
    path: ['toleranceGrams'],
  });
export type SlotConfig = z.infer<typeof slotConfigSchema>;

export type CountReading =
  { ok: true; count: number } | { ok: false; reason: 'AMBIGUOUS' | 'NEGATIVE'; grams: number };

/** Items on a slot from a net reading, or why the reading cannot be trusted. */
export function countFromGrams(config: SlotConfig, grams: number): CountReading {
  const net = grams - config.tareGrams;
  if (net < -config.toleranceGrams) return { ok: false, reason: 'NEGATIVE', grams };
  const count = Math.max(0, Math.round(net / config.unitGrams));
  if (Math.abs(net - count * config.unitGrams) > config.toleranceGrams) {
    return { ok: false, reason: 'AMBIGUOUS', grams };
  }
  return { ok: true, count };
}
