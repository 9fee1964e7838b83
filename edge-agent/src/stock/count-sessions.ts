import { documentId, fail, ok, safeParse, type Result } from '@mendian/protocol';
import { z } from 'zod';
import type { StockContext } from './context.js';
import type { StockFailureCode } from './errors.js';
import type { StockFactLog } from './fact-log.js';
import { scanInput, startCountInput } from './inputs.js';
import type { IndexedProduct, ProductIndex } from './product-index.js';
import type { StockProjector } from './projection.js';

export interface CountDeps {
  ctx: StockContext;
  facts: StockFactLog;
  products: ProductIndex;
  projector: StockProjector;
}

export interface CountSession {
  id: string;
  scopeKind: 'category' | 'zone';
  scopeValue: string;
  blind: boolean;
  status: 'open' | 'approved' | 'cancelled';
  startSeq: number;
  startedBy: string;
  startedAt: number;
  items: number;
}

export interface ScanResult {
  scanId: string;
  productId: string;
  sku: string;
  /** Counted so far for this product in the current round, this scan included. */
  countedInRound: number;
  /** Live scans of this product in the round: above 1 the UI offers "counted again? undo". */
  scansInRound: number;
  /** The same scan id arrived again (a retried request): nothing was added. */
  replayed: boolean;
}

interface SessionRow {
  id: string;
  scope_kind: 'category' | 'zone';
  scope_value: string;
  blind: number;
  status: CountSession['status'];
  start_seq: number;
  started_by: string;
  started_at: number;
}

export function loadSession(ctx: StockContext, countId: string): CountSession | null {
  const r = ctx.db.prepare(`SELECT * FROM stock_counts WHERE id = ?`).get(countId) as
    SessionRow | undefined;
  if (!r) return null;
  const items = ctx.db
    .prepare(`SELECT COUNT(*) AS n FROM stock_count_items WHERE count_id = ?`)
    .get(countId) as { n: number };
  return {
    id: r.id,
    scopeKind: r.scope_kind,
    scopeValue: r.scope_value,
    blind: r.blind === 1,
    status: r.status,
    startSeq: r.start_seq,
    startedBy: r.started_by,
    startedAt: r.started_at,
    items: items.n,
  };
}

/**
 * Opens a count (盘点) over a category or a zone. The count is of a moment: each product's level
 * is snapshotted together with the fact position, so sales while the count runs are told apart
 * from the counted variance (count-report.ts).
 */
export function startCount(
  deps: CountDeps,
  input: unknown,
): Result<CountSession, StockFailureCode> {
  const parsed = safeParse(startCountInput, input, 'count start');
  if (!parsed.ok) return fail('VALIDATION_FAILED', parsed.error.message, parsed.error.issues);
  const s = parsed.value;
  const { ctx, facts, products, projector } = deps;
  const run = ctx.db.transaction((): Result<CountSession, StockFailureCode> => {
    if (loadSession(ctx, s.countId)) {
      return fail('DUPLICATE_RECEIPT', `count ${s.countId} already exists`);
    }
    let scoped: IndexedProduct[];
    if (s.scope.kind === 'category') {
      scoped = products.inCategory(s.scope.categoryId);
      if (scoped.length === 0) return fail('NOT_FOUND', 'the category has no active products');
    } else {
      scoped = [];
      for (const id of new Set(s.scope.productIds)) {
        const p = products.get(id);
        if (!p) return fail('UNKNOWN_PRODUCT', `product ${id} is not in the catalog`);
        scoped.push(p);
      }
    }
    // Inside the transaction, so no fact can land between the catch-up and the snapshot.
    projector.catchUp();
    const startSeq = facts.lastSeq();
    const now = ctx.now();
    ctx.db
      .prepare(
        `INSERT INTO stock_counts (id, scope_kind, scope_value, blind, status, start_seq, started_by,
          started_at) VALUES (?, ?, ?, ?, 'open', ?, ?, ?)`,
      )
      .run(
        s.countId,
        s.scope.kind,
        s.scope.kind === 'category' ? s.scope.categoryId : s.scope.zone,
        s.blind ? 1 : 0,
        startSeq,
        s.staffId,
        now,
      );
    const put = ctx.db.prepare(
      `INSERT INTO stock_count_items (count_id, product_id, sku, snapshot) VALUES (?, ?, ?, ?)`,
    );
    for (const p of scoped) {
      put.run(s.countId, p.productId, p.sku, projector.quantity(ctx.storeId, p.productId));
    }
    return ok(loadSession(ctx, s.countId)!);
  });
  return run();
}

function openSession(ctx: StockContext, countId: string): Result<CountSession, StockFailureCode> {
  const session = loadSession(ctx, countId);
  if (!session) return fail('NOT_FOUND', `no count ${countId}`);
  if (session.status !== 'open') {
    return fail('COUNT_NOT_OPEN', `count ${countId} is ${session.status}`);
  }
  return ok(session);
}

function roundTotals(ctx: StockContext, countId: string, productId: string) {
  return ctx.db
    .prepare(
      `SELECT COALESCE(SUM(s.quantity), 0) AS counted, COUNT(s.id) AS scans
       FROM stock_count_items i LEFT JOIN stock_count_scans s ON s.count_id = i.count_id
        AND s.product_id = i.product_id AND s.round = i.round AND s.undone = 0
       WHERE i.count_id = ? AND i.product_id = ?`,
    )
    .get(countId, productId) as { counted: number; scans: number };
}

/**
 * One scan while counting. Scanning the same barcode again adds up (shelves hold many of an item)
 * and the result says how many scans the product has, so a double scan is visible and undoable.
 */
export function scanCount(deps: CountDeps, input: unknown): Result<ScanResult, StockFailureCode> {
  const parsed = safeParse(scanInput, input, 'count scan');
  if (!parsed.ok) return fail('VALIDATION_FAILED', parsed.error.message, parsed.error.issues);
  const s = parsed.value;
  const { ctx, facts, products } = deps;
  const run = ctx.db.transaction((): Result<ScanResult, StockFailureCode> => {
    const session = openSession(ctx, s.countId);
    if (!session.ok) return session;
    const earlier = ctx.db
      .prepare(`SELECT product_id, count_id FROM stock_count_scans WHERE id = ?`)
      .get(s.scanId) as { product_id: string; count_id: string } | undefined;
    const inScope = ctx.db.prepare(
      `SELECT sku, round FROM stock_count_items WHERE count_id = ? AND product_id = ?`,
    );
    if (earlier) {
      if (earlier.count_id !== s.countId) {
        return fail('VALIDATION_FAILED', `scan ${s.scanId} belongs to another count`);
      }
      const item = inScope.get(s.countId, earlier.product_id) as { sku: string };
      const t = roundTotals(ctx, s.countId, earlier.product_id);
      return ok({
        scanId: s.scanId,
        productId: earlier.product_id,
        sku: item.sku,
        countedInRound: t.counted,
        scansInRound: t.scans,
        replayed: true,
      });
    }
    let candidates = products.byBarcode(s.code);
    if (candidates.length === 0) {
      const bySku = products.bySku(s.code);
      candidates = bySku ? [bySku] : [];
    }
    if (candidates.length === 0) return fail('UNKNOWN_BARCODE', `no product has code ${s.code}`);
    const match = candidates
      .map((p) => ({
        p,
        item: inScope.get(s.countId, p.productId) as { round: number } | undefined,
      }))
      .find((c) => c.item !== undefined);
    if (!match?.item) {
      return fail('NOT_IN_COUNT_SCOPE', `${candidates[0]!.sku} is not part of this count`, {
        productId: candidates[0]!.productId,
      });
    }
    ctx.db
      .prepare(
        `INSERT INTO stock_count_scans (id, count_id, product_id, round, quantity, code, fact_seq,
          staff_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        s.scanId,
        s.countId,
        match.p.productId,
        match.item.round,
        s.quantity,
        s.code,
        facts.lastSeq(),
        s.staffId,
        ctx.now(),
      );
    const t = roundTotals(ctx, s.countId, match.p.productId);
    return ok({
      scanId: s.scanId,
      productId: match.p.productId,
      sku: match.p.sku,
      countedInRound: t.counted,
      scansInRound: t.scans,
      replayed: false,
    });
  });
  return run();
}

const undoInput = z.object({ countId: documentId, scanId: documentId });

/** Takes one scan back (a double scan, a wrong quantity). A scan is undone once. */
export function undoScan(
  deps: CountDeps,
  input: unknown,
): Result<{ productId: string; countedInRound: number }, StockFailureCode> {
  const parsed = safeParse(undoInput, input, 'undo scan');
  if (!parsed.ok) return fail('VALIDATION_FAILED', parsed.error.message, parsed.error.issues);
  const { countId, scanId } = parsed.value;
  const { ctx } = deps;
  const run = ctx.db.transaction(
    (): Result<{ productId: string; countedInRound: number }, StockFailureCode> => {
      const session = openSession(ctx, countId);
      if (!session.ok) return session;
      const scan = ctx.db
        .prepare(`SELECT product_id, undone FROM stock_count_scans WHERE id = ? AND count_id = ?`)
        .get(scanId, countId) as { product_id: string; undone: number } | undefined;
      if (!scan) return fail('NOT_FOUND', `no scan ${scanId} in count ${countId}`);
      if (scan.undone === 1)
        return fail('SCAN_ALREADY_UNDONE', `scan ${scanId} was already undone`);
      ctx.db.prepare(`UPDATE stock_count_scans SET undone = 1 WHERE id = ?`).run(scanId);
      return ok({
        productId: scan.product_id,
        countedInRound: roundTotals(ctx, countId, scan.product_id).counted,
      });
    },
  );
  return run();
}

const recountInput = z.object({ countId: documentId, productIds: z.array(documentId).min(1) });

/**
 * Starts a new round for some products: their earlier scans stay on record but no longer count,
 * so a suspicious variance is counted again from zero.
 */
export function recount(
  deps: CountDeps,
  input: unknown,
): Result<{ products: number }, StockFailureCode> {
  const parsed = safeParse(recountInput, input, 'recount');
  if (!parsed.ok) return fail('VALIDATION_FAILED', parsed.error.message, parsed.error.issues);
  const { countId, productIds } = parsed.value;
  const { ctx } = deps;
  const run = ctx.db.transaction((): Result<{ products: number }, StockFailureCode> => {
    const session = openSession(ctx, countId);
    if (!session.ok) return session;
    const bump = ctx.db.prepare(
      `UPDATE stock_count_items SET round = round + 1 WHERE count_id = ? AND product_id = ?`,
    );
    for (const id of productIds) {
      if (bump.run(countId, id).changes === 0) {
        return fail('NOT_IN_COUNT_SCOPE', `product ${id} is not part of count ${countId}`);
      }
    }
    return ok({ products: productIds.length });
  });
  return run();
}

export function cancelCount(
  deps: CountDeps,
  countId: string,
): Result<CountSession, StockFailureCode> {
  const { ctx } = deps;
  const session = openSession(ctx, countId);
  if (!session.ok) return session;
  ctx.db.prepare(`UPDATE stock_counts SET status = 'cancelled' WHERE id = ?`).run(countId);
  return ok(loadSession(ctx, countId)!);
}
