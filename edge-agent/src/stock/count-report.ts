import {
  documentId,
  fail,
  ok,
  safeParse,
  type Result,
  type StockMovement,
} from '@mendian/protocol';
import { z } from 'zod';
import type { StockFailureCode } from './errors.js';
import { loadSession, type CountDeps } from './count-sessions.js';

export interface VarianceLine {
  productId: string;
  sku: string;
  /** Level when the count started. */
  snapshot: number;
  /** Movements (sales, receipts …) between the count start and the last scan of the product. */
  movedBeforeScan: number;
  /** Movements after the last scan: they do not change the variance. */
  movedAfterScan: number;
  /** Null when the product has not been counted in its current round. */
  counted: number | null;
  /** counted − (snapshot + movedBeforeScan): what the count found missing (−) or extra (+). */
  variance: number | null;
  round: number;
  scans: number;
}

interface ItemRow {
  product_id: string;
  sku: string;
  snapshot: number;
  round: number;
  counted: number;
  scans: number;
  last_seq: number | null;
}

/**
 * Variance of each counted product. The count is of a moment: a product's expected level is the
 * snapshot plus what moved from the count start to that product's last scan, so a sale made while
 * the aisle is being counted is not reported as shrinkage. (If a unit already scanned is sold
 * before the last scan of that product, it shows as +1: the manager sees movedBeforeScan and may
 * recount.)
 */
export function varianceReport(
  deps: CountDeps,
  countId: string,
): Result<{ countId: string; status: string; lines: VarianceLine[] }, StockFailureCode> {
  const { ctx } = deps;
  const session = loadSession(ctx, countId);
  if (!session) return fail('NOT_FOUND', `no count ${countId}`);
  const items = ctx.db
    .prepare(
      `SELECT i.product_id, i.sku, i.snapshot, i.round,
        COALESCE(SUM(s.quantity), 0) AS counted, COUNT(s.id) AS scans, MAX(s.fact_seq) AS last_seq
       FROM stock_count_items i LEFT JOIN stock_count_scans s ON s.count_id = i.count_id
        AND s.product_id = i.product_id AND s.round = i.round AND s.undone = 0
       WHERE i.count_id = ? GROUP BY i.product_id ORDER BY i.sku`,
    )
    .all(countId) as ItemRow[];
  const moved = ctx.db.prepare(
    `SELECT COALESCE(SUM(CASE WHEN seq <= ? THEN delta ELSE 0 END), 0) AS before,
      COALESCE(SUM(CASE WHEN seq > ? THEN delta ELSE 0 END), 0) AS after
     FROM stock_facts WHERE product_id = ? AND store_id = ? AND seq > ?
      AND NOT (source_type = 'count' AND source_id = ?)`,
  );
  const lines = items.map((i): VarianceLine => {
    const cut = i.last_seq ?? session.startSeq;
    const m = moved.get(cut, cut, i.product_id, ctx.storeId, session.startSeq, countId) as {
      before: number;
      after: number;
    };
    const counted = i.scans > 0 ? i.counted : null;
    return {
      productId: i.product_id,
      sku: i.sku,
      snapshot: i.snapshot,
      movedBeforeScan: m.before,
      movedAfterScan: m.after,
      counted,
      variance: counted === null ? null : counted - (i.snapshot + m.before),
      round: i.round,
      scans: i.scans,
    };
  });
  return ok({ countId, status: session.status, lines });
}

const approveInput = z.object({
  countId: documentId,
  approvedBy: documentId,
  /** Products nobody counted are counted as zero (an empty shelf), instead of refusing. */
  uncountedAsZero: z.boolean().default(false),
});

/**
 * Approval posts one `count` movement per product with a variance (deterministic id, so a retried
 * approval posts nothing twice) and closes the count.
 */
export function approveCount(
  deps: CountDeps,
  input: unknown,
): Result<{ posted: number; lines: VarianceLine[] }, StockFailureCode> {
  const parsed = safeParse(approveInput, input, 'count approval');
  if (!parsed.ok) return fail('VALIDATION_FAILED', parsed.error.message, parsed.error.issues);
  const a = parsed.value;
  const { ctx, facts } = deps;
  const run = ctx.db.transaction(
    (): Result<{ posted: number; lines: VarianceLine[] }, StockFailureCode> => {
      const session = loadSession(ctx, a.countId);
      if (!session) return fail('NOT_FOUND', `no count ${a.countId}`);
      if (session.status !== 'open') {
        return fail('COUNT_NOT_OPEN', `count ${a.countId} is ${session.status}`);
      }
      const report = varianceReport(deps, a.countId);
      if (!report.ok) return report;
      const uncounted = report.value.lines.filter((l) => l.counted === null);
      if (uncounted.length > 0 && !a.uncountedAsZero) {
        return fail('UNCOUNTED_ITEMS', `${uncounted.length} products are not counted`, {
          skus: uncounted.map((l) => l.sku),
        });
      }
      const now = ctx.now();
      const movements: StockMovement[] = [];
      for (const l of report.value.lines) {
        // An uncounted product taken as zero: zero now, so everything that moved is written off too.
        const variance = l.variance ?? -(l.snapshot + l.movedBeforeScan + l.movedAfterScan);
        if (variance === 0) continue;
        movements.push({
          schemaVersion: 1,
          id: `cnt:${a.countId}:${l.productId}`,
          storeId: ctx.storeId,
          productId: l.productId,
          sku: l.sku,
          kind: 'count',
          quantityDelta: variance,
          reason: 'countVariance',
          sourceType: 'count',
          sourceId: a.countId,
          location: 'any',
          staffId: a.approvedBy,
          createdAt: now,
        });
      }
      facts.append(facts.validate(movements));
      ctx.db
        .prepare(
          `UPDATE stock_counts SET status = 'approved', approved_by = ?, approved_at = ? WHERE id = ?`,
        )
        .run(a.approvedBy, now, a.countId);
      return ok({ posted: movements.length, lines: report.value.lines });
    },
  );
  return run();
}
