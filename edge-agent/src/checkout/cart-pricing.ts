import {
  allocate,
  includedTax,
  lineGrossAmount,
  type LineDiscount,
  type OrderLine,
  type Promotion,
} from '@mendian/protocol';
import { applyPromotions, type AppliedPromotion } from '../promotions/engine.js';
import type { PromotionContext } from '../promotions/eligibility.js';
import type { PromoLine } from '../promotions/units.js';
import type { CartLine, CartSnapshot } from './cart-types.js';

export interface PricedCart {
  lines: OrderLine[];
  applied: AppliedPromotion[];
  subtotal: number;
  discountTotal: number;
  /** Sum of line net amounts, before cash rounding. */
  net: number;
  rounding: number;
  total: number;
  paid: number;
  remaining: number;
}

const MEMBER_REASON = {
  source: 'memberPrice',
  code: 'MEMBER',
  name: { zh: '会员价', en: 'Member price' },
} as const;

function baseGross(l: CartLine): number {
  if (l.labelAmount !== null) return l.labelAmount;
  const unit = l.override?.unitPrice ?? l.regularUnitPrice;
  return lineGrossAmount(l.product.soldBy, unit, l.quantity);
}

/**
 * Prices a cart. Order of discounts on a line (docs/selling.md): member price, manual line
 * discount, item promotions, order-level promotions, manual order discount (allocated by net).
 * A line with a price override takes no further promotions: the override is the agreed price.
 */
export function priceCart(
  cart: CartSnapshot,
  promotions: readonly Promotion[],
  ctx: Omit<PromotionContext, 'member'>,
): PricedCart {
  const gross = cart.lines.map(baseGross);
  const discounts: LineDiscount[][] = cart.lines.map(() => []);
  const nets = [...gross];

  cart.lines.forEach((l, i) => {
    if (
      cart.member !== null &&
      l.memberUnitPrice !== null &&
      l.override === null &&
      l.labelAmount === null
    ) {
      const off = gross[i]! - lineGrossAmount(l.product.soldBy, l.memberUnitPrice, l.quantity);
      if (off > 0) {
        discounts[i]!.push({ reason: MEMBER_REASON, amount: off });
        nets[i]! -= off;
      }
    }
    if (l.manualDiscount !== null) {
      const off = Math.min(l.manualDiscount.amount, nets[i]!);
      if (off > 0) {
        discounts[i]!.push({
          reason: {
            source: 'manual',
            code: 'MANUAL',
            name: { zh: '手工折扣', en: 'Manual discount' },
            ...(l.manualDiscount.approvedBy ? { approvedBy: l.manualDiscount.approvedBy } : {}),
          },
          amount: off,
        });
        nets[i]! -= off;
      }
    }
  });

  const eligible = cart.lines.map((l, i) => ({ l, i })).filter(({ l }) => l.override === null);
  const promoLines: PromoLine[] = eligible.map(({ l, i }) => ({
    lineId: l.lineId,
    productId: l.product.productId,
    categoryIds: l.product.categoryIds,
    soldBy: l.product.soldBy,
    quantity: l.quantity,
    net: nets[i]!,
  }));
  const promo = applyPromotions(promoLines, promotions, {
    ...ctx,
    member: cart.member === null ? null : { id: cart.member.id, tier: cart.member.tier },
  });
  eligible.forEach(({ i }, k) => {
    for (const d of promo.lineDiscounts[k] ?? []) {
      discounts[i]!.push(d);
      nets[i]! -= d.amount;
    }
  });

  if (cart.orderDiscount !== null && cart.lines.length > 0) {
    const total = Math.min(
      cart.orderDiscount.amount,
      nets.reduce((s, n) => s + n, 0),
    );
    const parts = allocate(total, nets);
    parts.forEach((off, i) => {
      if (off <= 0) return;
      discounts[i]!.push({
        reason: {
          source: 'manual',
          code: 'MANUAL_ORDER',
          name: { zh: '整单折扣', en: 'Order discount' },
          ...(cart.orderDiscount?.approvedBy ? { approvedBy: cart.orderDiscount.approvedBy } : {}),
        },
        amount: off,
      });
      nets[i]! -= off;
    });
  }

  const lines: OrderLine[] = cart.lines.map((l, i) => ({
    lineId: l.lineId,
    productId: l.product.productId,
    sku: l.product.sku,
    name: l.product.name,
    soldBy: l.product.soldBy,
    quantity: l.quantity,
    unitPrice: l.override?.unitPrice ?? l.regularUnitPrice,
    grossAmount: gross[i]!,
    discounts: discounts[i]!,
    netAmount: nets[i]!,
    taxRate: l.product.taxRate,
    taxAmount: includedTax(nets[i]!, l.product.taxRate),
    ...(l.scannedCode === undefined ? {} : { scannedCode: l.scannedCode }),
    ...(l.override === null
      ? {}
      : {
          priceOverride: {
            originalUnitPrice: l.regularUnitPrice,
            ...(l.override.approvedBy ? { approvedBy: l.override.approvedBy } : {}),
          },
        }),
  }));
  const subtotal = gross.reduce((s, g) => s + g, 0);
  const net = nets.reduce((s, n) => s + n, 0);
  const total = net + cart.rounding;
  const paid = cart.payments.reduce((s, p) => s + p.amount, 0);
  return {
    lines,
    applied: promo.applied,
    subtotal,
    discountTotal: subtotal - net,
    net,
    rounding: cart.rounding,
    total,
    paid,
    remaining: total - paid,
  };
}
