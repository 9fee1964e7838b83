import {
  fail,
  ok,
  orderSchema,
  parseOrThrow,
  parseReceiptNumber,
  ulid,
  type Order,
  type Payment,
  type Result,
} from '@mendian/protocol';
import type { AuditJournal } from '../audit/audit-journal.js';
import type { OrderCommitter } from '../checkout/order-committer.js';
import type { SellingEvents } from '../checkout/selling-events.js';
import type { EdgeDatabase } from '../db/edge-database.js';
import { plain } from '../db/plain.js';
import type { ShiftService } from '../shifts/shift-service.js';
import { permits, type Actor, type Approval } from '../staff/permissions.js';
import type { WalletGateway, WalletProvider } from '../payments/wallet-gateway.js';
import { returnLine } from './refund-math.js';

/** HQ's receipt lookup for sales of other stores; null when HQ cannot be reached. */
export type HqReceiptLookup = (
  receiptNo: string,
) => Promise<{ reachable: true; order: Order | null } | { reachable: false }>;

export interface RefundableLine {
  lineId: string;
  name: Order['lines'][number]['name'];
  soldBy: Order['lines'][number]['soldBy'];
  sold: number;
  refunded: number;
  remaining: number;
  netAmount: number;
}

export interface ReturnLineInput {
  lineId: string;
  quantity: number;
  restock: 'sellable' | 'damaged';
}

export interface ReturnDeps {
  db: EdgeDatabase;
  committer: OrderCommitter;
  shifts: ShiftService;
  audit: AuditJournal;
  events: SellingEvents;
  gateways: Partial<Record<WalletProvider, WalletGateway>>;
  storeId: string;
  storeCode: string;
  hq?: HqReceiptLookup;
  now?: () => number;
}

/**
 * Returns against a receipt: refund at the price actually paid (allocated discounts included),
 * stock back as sellable or damaged, points reversed, money back to the original tender where
 * possible. Returns are serialised, and what a line already refunded is read from the committed
 * return orders, so a line is never refunded twice at this store.
 */
export class ReturnService {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly deps: ReturnDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Quantities refunded per sale line, and money refunded per tender method, so far. */
  private async refundedSoFar(
    saleId: string,
  ): Promise<{ lines: Map<string, number>; methods: Map<string, number> }> {
    const docs = await this.deps.db.rx.orders.find({ selector: { returnOf: saleId } }).exec();
    const lines = new Map<string, number>();
    const methods = new Map<string, number>();
    for (const d of docs) {
      const o = plain<Order>(d);
      for (const l of o.lines) {
        if (l.returnOf)
          lines.set(l.returnOf.lineId, (lines.get(l.returnOf.lineId) ?? 0) + l.quantity);
      }
      for (const p of o.payments) methods.set(p.method, (methods.get(p.method) ?? 0) + p.amount);
    }
    return { lines, methods };
  }

  /** Finds the sale of a receipt here, or at HQ for another store's receipt. */
  async lookup(receiptNo: string): Promise<
    Result<
      {
        sale: Order;
        foreign: boolean;
        lines: RefundableLine[];
        refundedByMethod: Map<string, number>;
      },
      string
    >
  > {
    let parts;
    try {
      parts = parseReceiptNumber(receiptNo);
    } catch (e) {
      return fail('BAD_CODE', (e as Error).message);
    }
    let sale = await this.deps.committer.findByReceipt(receiptNo);
    const foreign = parts.storeCode !== this.deps.storeCode;
    if (!sale && foreign) {
      const hq = this.deps.hq ? await this.deps.hq(receiptNo) : ({ reachable: false } as const);
      if (!hq.reachable) {
        return fail(
          'HQ_UNREACHABLE',
          `他店小票 ${receiptNo}，总部无法连接 / another store's receipt and HQ cannot be reached`,
          { needsApproval: 'refundForeignReceipt' },
        );
      }
      sale = hq.order;
    }
    if (!sale || sale.kind !== 'sale')
      return fail('NOT_FOUND', `没有小票 ${receiptNo} / no such sale`);
    const history = await this.refundedSoFar(sale.id);
    const refunded = history.lines;
    const lines = sale.lines.map((l) => ({
      lineId: l.lineId,
      name: l.name,
      soldBy: l.soldBy,
      sold: l.quantity,
      refunded: refunded.get(l.lineId) ?? 0,
      remaining: l.quantity - (refunded.get(l.lineId) ?? 0),
      netAmount: l.netAmount,
    }));
    return ok({ sale, foreign, lines, refundedByMethod: history.methods });
  }

  refund(input: {
    returnId: string;
    receiptNo: string;
    laneCode: string;
    lines: ReturnLineInput[];
    actor: Actor;
    approval?: Approval;
    refundTo?: 'original' | 'cash';
  }): Promise<Result<{ order: Order; duplicate: boolean }, string>> {
    const run = this.tail.then(() => this.refundOnce(input));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async refundOnce(
    input: Parameters<ReturnService['refund']>[0],
  ): Promise<Result<{ order: Order; duplicate: boolean }, string>> {
    const existing = await this.deps.committer.findOrder(input.returnId);
    if (existing) return ok({ order: existing, duplicate: true });
    if (!permits(input.actor, 'refund', input.approval)) {
      return fail('APPROVAL_REQUIRED', '退货需要主管授权 / a refund needs a supervisor', {
        action: 'refund',
      });
    }
    const shift = this.deps.shifts.current(input.laneCode);
    if (!shift) return fail('NO_SHIFT', '请先开班 / open a shift first');
    const found = await this.lookup(input.receiptNo);
    if (!found.ok) return found;
    const { sale, foreign } = found.value;
    if (foreign && !permits(input.actor, 'refundForeignReceipt', input.approval)) {
      return fail(
        'APPROVAL_REQUIRED',
        '他店小票退货需要经理授权 / another store’s receipt needs a manager',
        { action: 'refundForeignReceipt' },
      );
    }
    const byId = new Map(found.value.lines.map((l) => [l.lineId, l]));
    const seen = new Set<string>();
    for (const l of input.lines) {
      const r = byId.get(l.lineId);
      if (!r) return fail('NOT_FOUND', `小票没有第 ${l.lineId} 行 / no line ${l.lineId}`);
      if (seen.has(l.lineId))
        return fail('BAD_QUANTITY', `第 ${l.lineId} 行重复 / line ${l.lineId} twice`);
      seen.add(l.lineId);
      if (r.soldBy === 'weight' && l.quantity !== r.remaining) {
        return fail('BAD_QUANTITY', '称重商品只能整行退 / weighed lines are returned whole');
      }
      if (l.quantity > r.remaining) {
        return fail(
          'ALREADY_REFUNDED',
          `第 ${l.lineId} 行最多可退 ${r.remaining} / at most ${r.remaining} left to refund`,
          { lineId: l.lineId, remaining: r.remaining },
        );
      }
    }
    const lines = input.lines.map((l, i) =>
      returnLine(
        sale.lines.find((s) => s.lineId === l.lineId)!,
        sale.id,
        String(i + 1),
        byId.get(l.lineId)!.refunded,
        l.quantity,
        l.restock,
      ),
    );
    const total = lines.reduce((s, l) => s + l.netAmount, 0);
    const payments = await this.refundPayments(
      sale,
      total,
      input.returnId,
      input.refundTo ?? 'original',
      found.value.refundedByMethod,
    );
    if (!payments.ok) return payments;
    const createdAt = this.now();
    const outcome = await this.deps.committer.commit(input.returnId, input.laneCode, (receiptNo) =>
      parseOrThrow(
        orderSchema,
        {
          schemaVersion: 1,
          id: input.returnId,
          kind: 'return',
          storeId: this.deps.storeId,
          storeCode: this.deps.storeCode,
          laneCode: input.laneCode,
          receiptNo,
          cashierId: input.actor.staffId,
          shiftId: shift.id,
          memberId: sale.memberId,
          lines,
          subtotal: lines.reduce((s, l) => s + l.grossAmount, 0),
          discountTotal: lines.reduce((s, l) => s + l.grossAmount - l.netAmount, 0),
          rounding: 0,
          total,
          payments: payments.value,
          pointsEarned: sale.total === 0 ? 0 : Math.floor((sale.pointsEarned * total) / sale.total),
          pointsRedeemed: 0,
          returnOf: sale.id,
          approvals: input.approval
            ? [
                {
                  action: input.approval.action,
                  approvedBy: input.approval.approvedBy,
                  at: input.approval.at,
                },
              ]
            : [],
          createdAt,
        },
        'return order',
      ),
    );
    if (!outcome.duplicate) {
      this.deps.shifts.record(outcome.order);
      await this.deps.audit.record({
        action: 'refund',
        actorId: input.actor.staffId,
        actorRole: input.actor.role,
        laneCode: input.laneCode,
        subject: outcome.order.receiptNo,
        approvedBy: input.approval?.approvedBy ?? null,
        details: { sale: sale.receiptNo, total, foreign },
      });
      this.deps.events.emit('orderCommitted', { order: outcome.order });
    }
    return ok(outcome);
  }

  /**
   * Money back: to the sale's wallet and card payments first (up to what each paid), the rest in
   * cash. A wallet refund goes through the gateway; if it cannot, the cashier is told and may
   * choose cash (`refundTo: 'cash'`). Card refunds are recorded for the terminal's refund step.
   */
  private async refundPayments(
    sale: Order,
    total: number,
    returnId: string,
    to: 'original' | 'cash',
    refundedBefore: Map<string, number>,
  ): Promise<Result<Payment[], string>> {
    const at = this.now();
    const out: Payment[] = [];
    const used = new Map(refundedBefore);
    let left = total;
    if (to === 'original') {
      for (const p of sale.payments) {
        if (left === 0 || p.method === 'cash') continue;
        // What earlier returns already gave back to this method is no longer available on it.
        const before = Math.min(p.amount, used.get(p.method) ?? 0);
        used.set(p.method, (used.get(p.method) ?? 0) - before);
        const amount = Math.min(left, p.amount - before);
        if (amount <= 0) continue;
        let reference = p.reference;
        if (p.method === 'wechat' || p.method === 'alipay') {
          const gw = this.deps.gateways[p.method];
          if (!gw) return fail('NO_GATEWAY', `未配置${p.method} / ${p.method} not configured`);
          try {
            const r = await gw.refund({
              outTradeNo: p.paymentId,
              outRefundNo: `${returnId}-${out.length + 1}`,
              amount,
            });
            if (r.status !== 'SUCCESS') return fail('DECLINED', r.message, { gatewayCode: r.code });
            reference = r.refundId;
          } catch {
            return fail(
              'GATEWAY_UNREACHABLE',
              '无法原路退回，可改退现金 / cannot refund to the wallet now; refund in cash instead',
              { refundTo: 'cash' },
            );
          }
        }
        out.push({
          paymentId: ulid(),
          method: p.method,
          amount,
          ...(reference ? { reference } : {}),
          at,
        });
        left -= amount;
      }
    }
    if (left > 0) out.push({ paymentId: ulid(), method: 'cash', amount: left, at });
    return ok(out);
  }
}
