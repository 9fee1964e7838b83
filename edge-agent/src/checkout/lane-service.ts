import { fail, maskPhone, ok, type CashRoundingUnit, type Result } from '@mendian/protocol';
import type { AuditJournal } from '../audit/audit-journal.js';
import type { ReferenceData } from '../catalog/reference-data.js';
import { resolveScan } from '../catalog/scan-resolver.js';
import type { EdgeDatabase } from '../db/edge-database.js';
import { findMember } from '../db/rx-stores.js';
import type { ShiftService } from '../shifts/shift-service.js';
import { permits, type Actor, type Approval } from '../staff/permissions.js';
import { Cart, type CartResult } from './cart.js';
import { priceCart, type PricedCart } from './cart-pricing.js';
import type { CartSnapshot } from './cart-types.js';
import type { SellingEvents } from './selling-events.js';

export interface CartView {
  cart: CartSnapshot;
  priced: PricedCart;
}

export type LaneResult = Result<CartView, string>;

export interface LaneSettings {
  storeId: string;
  storeCode: string;
  timeZone: string;
  pointsPerYuan: number;
  cashRounding: CashRoundingUnit;
}

export interface LaneDeps {
  db: EdgeDatabase;
  ref: ReferenceData;
  shifts: ShiftService;
  audit: AuditJournal;
  events: SellingEvents;
  settings: LaneSettings;
  now?: () => number;
}

/**
 * The carts of the store's lanes and every edit a cashier makes to them. Tendering and commit
 * live in TenderService; both share the carts through this class.
 */
export class LaneService {
  readonly carts = new Map<string, Cart>();
  readonly now: () => number;

  constructor(readonly deps: LaneDeps) {
    this.now = deps.now ?? Date.now;
  }

  price(cart: CartSnapshot): PricedCart {
    const { settings, ref } = this.deps;
    return priceCart(cart, ref.promotions(), {
      storeId: settings.storeId,
      at: this.now(),
      timeZone: settings.timeZone,
    });
  }

  view(lane: string): CartView | null {
    const cart = this.carts.get(lane);
    return cart ? { cart: cart.snapshot, priced: this.price(cart.snapshot) } : null;
  }

  /** Publishes and returns the lane's cart after a successful change. */
  done(lane: string, r: CartResult): LaneResult {
    if (!r.ok) return r;
    const view = this.view(lane);
    this.deps.events.emit('cart', { lane, view });
    return view ? ok(view) : fail('NOT_FOUND', 'no cart');
  }

  /** The lane's open cart, started on first use; selling needs an open shift. */
  cartFor(lane: string, actor: Actor): Result<Cart, string> {
    const existing = this.carts.get(lane);
    if (existing) return ok(existing);
    if (!this.deps.shifts.current(lane))
      return fail('NO_SHIFT', '请先开班 / open a shift on this lane first');
    if (!permits(actor, 'sell')) return fail('FORBIDDEN', '无销售权限 / not allowed to sell');
    const cart = Cart.open(lane, actor.staffId, this.now);
    this.carts.set(lane, cart);
    return ok(cart);
  }

  existing(lane: string): Result<Cart, string> {
    const cart = this.carts.get(lane);
    return cart
      ? ok(cart)
      : fail('NOT_FOUND', '没有进行中的交易 / no sale in progress on this lane');
  }

  addProduct(
    lane: string,
    actor: Actor,
    productId: string,
    quantity: number | null,
    extra: { labelAmount?: number | null; code?: string } = {},
  ): LaneResult {
    const c = this.cartFor(lane, actor);
    if (!c.ok) return c;
    const product = this.deps.ref.catalog.get(productId);
    if (!product || !product.active)
      return fail('NOT_FOUND', '商品不存在或已停售 / no such product on sale');
    const { regular, member } = this.deps.ref.prices.priceAt(productId, this.now());
    if (!regular)
      return fail('NO_PRICE', `${product.name.zh} 没有有效价格 / no price in force`, { productId });
    let q = quantity;
    const labelAmount = extra.labelAmount ?? null;
    if (q === null && product.soldBy === 'weight' && labelAmount !== null && regular.amount > 0) {
      q = Math.max(1, Math.round((labelAmount * 1000) / regular.amount));
    }
    if (q === null && product.soldBy === 'weight') {
      return fail(
        'WEIGHT_REQUIRED',
        '称重商品请称重或扫秤签 / weigh the item or scan its scale label',
        { productId },
      );
    }
    return this.done(
      lane,
      c.value.addLine({
        product: {
          productId: product.id,
          sku: product.sku,
          name: product.name,
          soldBy: product.soldBy,
          taxRate: product.taxRate,
          categoryIds: this.deps.ref.catalog.categoryPath(product.categoryId),
        },
        quantity: q ?? 1,
        regularUnitPrice: regular.amount,
        memberUnitPrice: member !== null && member.amount < regular.amount ? member.amount : null,
        labelAmount,
        ...(extra.code === undefined ? {} : { scannedCode: extra.code }),
      }),
    );
  }

  /** One scan at the till: an item, a member code, or (while tendering) a payment code. */
  async scan(
    lane: string,
    actor: Actor,
    code: string,
  ): Promise<
    LaneResult | { ok: true; value: CartView; payment: { provider: string; code: string } }
  > {
    const state = this.carts.get(lane)?.snapshot.state;
    const r = resolveScan(this.deps.ref.catalog, code, state === 'tendering' ? 'payment' : 'item');
    if (!r.ok) return r;
    const s = r.value;
    switch (s.kind) {
      case 'item':
        return this.addProduct(lane, actor, s.product.id, s.quantity, {
          labelAmount: s.labelAmount,
          code: s.code,
        });
      case 'member':
        return this.attachMember(lane, actor, { cardNo: s.cardNo });
      case 'receipt':
        return fail(
          'USE_RETURNS',
          `这是小票 ${s.receiptNumber}，请在退货中扫描 / a receipt: scan it in returns`,
          { receiptNumber: s.receiptNumber },
        );
      case 'payment': {
        const v = this.view(lane);
        if (!v || state !== 'tendering')
          return fail(
            'INVALID_STATE',
            '请先结算再扫付款码 / start tendering before scanning a payment code',
          );
        return { ok: true, value: v, payment: { provider: s.provider, code: s.code } };
      }
    }
  }

  setQuantity(lane: string, lineId: string, quantity: number): LaneResult {
    const c = this.existing(lane);
    return c.ok ? this.done(lane, c.value.setQuantity(lineId, quantity)) : c;
  }

  async removeLine(
    lane: string,
    actor: Actor,
    lineId: string,
    approval?: Approval,
  ): Promise<LaneResult> {
    const c = this.existing(lane);
    if (!c.ok) return c;
    if (!permits(actor, 'lineVoid', approval))
      return fail('APPROVAL_REQUIRED', '删除商品需要授权 / needs approval', { action: 'lineVoid' });
    const line = c.value.snapshot.lines.find((l) => l.lineId === lineId);
    const r = c.value.removeLine(lineId);
    if (r.ok && line) {
      await this.deps.audit.record({
        action: 'lineVoid',
        actorId: actor.staffId,
        actorRole: actor.role,
        laneCode: lane,
        subject: c.value.snapshot.id,
        approvedBy: approval?.approvedBy ?? null,
        details: { lineId, sku: line.product.sku, quantity: line.quantity },
      });
    }
    return this.done(lane, r);
  }

  async overridePrice(
    lane: string,
    actor: Actor,
    lineId: string,
    unitPrice: number,
    approval?: Approval,
  ): Promise<LaneResult> {
    const c = this.existing(lane);
    if (!c.ok) return c;
    const before =
      c.value.snapshot.lines.find((l) => l.lineId === lineId)?.regularUnitPrice ?? null;
    const r = c.value.overridePrice(lineId, unitPrice, actor, approval);
    if (r.ok) {
      await this.deps.audit.record({
        action: 'priceOverride',
        actorId: actor.staffId,
        actorRole: actor.role,
        laneCode: lane,
        subject: c.value.snapshot.id,
        approvedBy: approval?.approvedBy ?? null,
        details: { lineId, from: before, to: unitPrice },
      });
    }
    return this.done(lane, r);
  }

  async discount(
    lane: string,
    actor: Actor,
    lineId: string | null,
    amount: number,
    approval?: Approval,
  ): Promise<LaneResult> {
    const c = this.existing(lane);
    if (!c.ok) return c;
    const r = c.value.manualDiscount(lineId, amount, actor, approval);
    if (r.ok) {
      await this.deps.audit.record({
        action: 'manualDiscount',
        actorId: actor.staffId,
        actorRole: actor.role,
        laneCode: lane,
        subject: c.value.snapshot.id,
        approvedBy: approval?.approvedBy ?? null,
        details: { lineId, amount },
      });
    }
    return this.done(lane, r);
  }

  async attachMember(
    lane: string,
    actor: Actor,
    key: { phone?: string; cardNo?: string } | null,
  ): Promise<LaneResult> {
    const c = this.cartFor(lane, actor);
    if (!c.ok) return c;
    if (key === null) return this.done(lane, c.value.attachMember(null));
    const m = await findMember(this.deps.db, key);
    if (!m) return fail('NOT_FOUND', '未找到会员 / no active member found');
    return this.done(
      lane,
      c.value.attachMember({
        id: m.id,
        tier: m.tier,
        name: m.name,
        phoneMasked: maskPhone(m.phone),
      }),
    );
  }

  /** 挂单: the cart is stored in the local file and the lane is free for the next customer. */
  suspend(lane: string): LaneResult {
    const c = this.existing(lane);
    if (!c.ok) return c;
    const v = this.price(c.value.snapshot);
    const r = c.value.transition('suspend', { due: v.total, paid: v.paid });
    if (!r.ok) return r;
    this.deps.db.local
      .prepare(`INSERT INTO suspended_carts (id, lane, snapshot, suspended_at) VALUES (?, ?, ?, ?)`)
      .run(r.value.id, lane, JSON.stringify(r.value), this.now());
    this.carts.delete(lane);
    this.deps.events.emit('cart', { lane, view: null });
    return ok({ cart: r.value, priced: v });
  }

  listSuspended(): { id: string; lane: string; suspendedAt: number; lines: number }[] {
    const rows = this.deps.db.local
      .prepare(`SELECT id, lane, snapshot, suspended_at FROM suspended_carts ORDER BY suspended_at`)
      .all() as { id: string; lane: string; snapshot: string; suspended_at: number }[];
    return rows.map((r) => ({
      id: r.id,
      lane: r.lane,
      suspendedAt: r.suspended_at,
      lines: (JSON.parse(r.snapshot) as CartSnapshot).lines.length,
    }));
  }

  /** Resumes a suspended cart on any lane of the store whose cart is empty. */
  resume(lane: string, actor: Actor, cartId: string): LaneResult {
    const current = this.carts.get(lane);
    if (current && current.snapshot.lines.length > 0)
      return fail(
        'INVALID_STATE',
        '本收银台有进行中的交易 / finish or suspend the current sale first',
      );
    if (!this.deps.shifts.current(lane)) return fail('NO_SHIFT', '请先开班 / open a shift first');
    const row = this.deps.db.local
      .prepare(`SELECT snapshot FROM suspended_carts WHERE id = ?`)
      .get(cartId) as { snapshot: string } | undefined;
    if (!row) return fail('NOT_FOUND', '挂单不存在 / no such suspended sale');
    const snap = JSON.parse(row.snapshot) as CartSnapshot;
    const cart = new Cart({ ...snap, laneCode: lane, cashierId: actor.staffId }, this.now);
    const r = cart.transition('resume', { due: 0, paid: 0 });
    if (!r.ok) return r;
    this.deps.db.local.prepare(`DELETE FROM suspended_carts WHERE id = ?`).run(cartId);
    this.carts.set(lane, cart);
    return this.done(lane, r);
  }

  async void(lane: string, actor: Actor, approval?: Approval): Promise<LaneResult> {
    const c = this.existing(lane);
    if (!c.ok) return c;
    if (!permits(actor, 'orderVoid', approval))
      return fail('APPROVAL_REQUIRED', '整单作废需要主管授权 / voiding a sale needs approval', {
        action: 'orderVoid',
      });
    const v = this.price(c.value.snapshot);
    const r = c.value.transition('void', { due: v.total, paid: v.paid });
    if (!r.ok) return r;
    await this.deps.audit.record({
      action: 'orderVoid',
      actorId: actor.staffId,
      actorRole: actor.role,
      laneCode: lane,
      subject: r.value.id,
      approvedBy: approval?.approvedBy ?? null,
      details: { lines: r.value.lines.length, total: v.total },
    });
    this.carts.delete(lane);
    this.deps.events.emit('cart', { lane, view: null });
    return ok({ cart: r.value, priced: v });
  }
}
