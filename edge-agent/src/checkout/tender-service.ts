import { fail, ok, type Order, type Payment, type Result } from '@mendian/protocol';
import { cashTender } from '../payments/cash.js';
import type { PaymentService } from '../payments/payment-service.js';
import type { WalletProvider } from '../payments/wallet-gateway.js';
import type { CartView, LaneResult, LaneService } from './lane-service.js';
import { buildSaleOrder } from './order-builder.js';
import type { OrderCommitter } from './order-committer.js';

/** Where committed sales go to be printed; the receipts module implements it. */
export interface ReceiptOutput {
  printOrder(order: Order, options: { kickDrawer: boolean }): void;
}

export interface CommitResult {
  order: Order;
  duplicate: boolean;
}

/**
 * Tendering and commit: takes payments into the lane's cart and commits the paid cart as one order.
 */
export class TenderService {
  constructor(
    private readonly lanes: LaneService,
    private readonly payments: PaymentService,
    private readonly committer: OrderCommitter,
    private readonly receipts: ReceiptOutput | null,
  ) {}

  tender(lane: string): LaneResult {
    const c = this.lanes.existing(lane);
    if (!c.ok) return c;
    if (c.value.snapshot.state === 'tendering') return this.lanes.done(lane, ok(c.value.snapshot));
    const v = this.lanes.price(c.value.snapshot);
    return this.lanes.done(lane, c.value.transition('tender', { due: v.total, paid: v.paid }));
  }

  back(lane: string): LaneResult {
    const c = this.lanes.existing(lane);
    if (!c.ok) return c;
    const v = this.lanes.price(c.value.snapshot);
    return this.lanes.done(lane, c.value.transition('back', { due: v.total, paid: v.paid }));
  }

  private tendering(lane: string): Result<CartView, string> {
    const t = this.tender(lane);
    if (!t.ok) return t;
    if (t.value.priced.remaining <= 0) return fail('INVALID_STATE', '已付清 / already fully paid');
    return t;
  }

  private addPayment(lane: string, payment: Payment, rounding?: number): LaneResult {
    const c = this.lanes.existing(lane);
    if (!c.ok) return c;
    return this.lanes.done(lane, c.value.addPayment(payment, rounding));
  }

  /** Cash; with 抹零 the store's rounding unit applies when this cash settles the rest. */
  payCash(lane: string, tendered: number, round: boolean): LaneResult {
    const t = this.tendering(lane);
    if (!t.ok) return t;
    const unit = round ? this.lanes.deps.settings.cashRounding : 'none';
    const r = cashTender(t.value.priced.remaining, tendered, unit);
    if (!r.ok) return r;
    const p = this.payments.payCash(
      t.value.cart.id,
      r.value.amount,
      r.value.tendered,
      r.value.change,
    );
    return this.addPayment(
      lane,
      p,
      r.value.rounding === 0 ? undefined : t.value.cart.rounding + r.value.rounding,
    );
  }

  private amountFor(view: CartView, amount: number | null): Result<number, string> {
    const remaining = view.priced.remaining;
    const a = amount ?? remaining;
    if (!Number.isSafeInteger(a) || a <= 0 || a > remaining) {
      return fail(
        'BAD_AMOUNT',
        `金额必须在 1 到 ${remaining} 分之间 / amount must be 1..${remaining} fen`,
      );
    }
    return ok(a);
  }

  async payCard(lane: string, amount: number | null): Promise<LaneResult> {
    const t = this.tendering(lane);
    if (!t.ok) return t;
    const a = this.amountFor(t.value, amount);
    if (!a.ok) return a;
    const r = await this.payments.payCard(t.value.cart.id, a.value);
    return r.ok ? this.addPayment(lane, r.value) : r;
  }

  async payWallet(
    lane: string,
    provider: WalletProvider,
    authCode: string,
    amount: number | null,
  ): Promise<LaneResult> {
    const t = this.tendering(lane);
    if (!t.ok) return t;
    const a = this.amountFor(t.value, amount);
    if (!a.ok) return a;
    const r = await this.payments.payWallet(
      t.value.cart.id,
      provider,
      a.value,
      authCode,
      `门店消费 ${t.value.cart.id}`,
    );
    if (!r.ok && r.code === 'GATEWAY_UNREACHABLE') {
      this.lanes.deps.events.emit('wallet', { provider, reachable: false, message: r.message });
    }
    return r.ok ? this.addPayment(lane, r.value) : r;
  }

  /**
   * Commits the lane's paid cart. `cartId` makes a retry safe: if that cart was already committed
   * (the answer to the first try was lost), the committed order is returned, not a second one.
   */
  async commit(lane: string, cartId: string | null): Promise<Result<CommitResult, string>> {
    const cart = this.lanes.carts.get(lane);
    if (!cart || (cartId !== null && cart.snapshot.id !== cartId)) {
      if (cartId !== null) {
        const done = await this.committer.findOrder(cartId);
        if (done) return ok({ order: done, duplicate: true });
      }
      return fail('NOT_FOUND', '没有待提交的交易 / no sale to commit');
    }
    const snap = cart.snapshot;
    const priced = this.lanes.price(snap);
    if (snap.state !== 'tendering' || priced.remaining !== 0) {
      return fail(
        'INVALID_STATE',
        `未付清: 应付 ${priced.total} 已付 ${priced.paid} / not fully paid`,
      );
    }
    const shift = this.lanes.deps.shifts.current(lane);
    if (!shift) return fail('NO_SHIFT', '请先开班 / open a shift first');
    const { settings } = this.lanes.deps;
    const createdAt = this.lanes.now();
    const outcome = await this.committer.commit(snap.id, lane, (receiptNo) =>
      buildSaleOrder(snap, priced, {
        storeId: settings.storeId,
        storeCode: settings.storeCode,
        shiftId: shift.id,
        receiptNo,
        pointsPerYuan: settings.pointsPerYuan,
        createdAt,
      }),
    );
    this.payments.markCommitted(outcome.order.payments.map((p) => p.paymentId));
    cart.transition('commit', { due: priced.total, paid: priced.paid });
    this.lanes.carts.delete(lane);
    if (!outcome.duplicate) {
      this.lanes.deps.shifts.record(outcome.order);
      this.receipts?.printOrder(outcome.order, {
        kickDrawer: outcome.order.payments.some((p) => p.method === 'cash'),
      });
      this.lanes.deps.events.emit('orderCommitted', { order: outcome.order });
    }
    this.lanes.deps.events.emit('cart', { lane, view: null });
    return ok(outcome);
  }
}
