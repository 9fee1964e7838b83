import type { CartViewBody } from '@mendian/protocol';
import type { CartView } from '../checkout/lane-service.js';

/** The cart as the lane API returns it (protocol cartView). */
export function cartBody(v: CartView): CartViewBody {
  const { cart, priced } = v;
  return {
    id: cart.id,
    laneCode: cart.laneCode,
    state: cart.state,
    lines: priced.lines.map((l) => ({
      lineId: l.lineId,
      productId: l.productId,
      sku: l.sku,
      name: l.name,
      soldBy: l.soldBy,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      grossAmount: l.grossAmount,
      discounts: l.discounts,
      netAmount: l.netAmount,
      taxAmount: l.taxAmount,
    })),
    member: cart.member,
    promotions: priced.applied.map((a) => ({
      promotionId: a.promotionId,
      code: a.code,
      name: a.name,
      amount: a.amount,
    })),
    payments: cart.payments.map((p) => ({
      paymentId: p.paymentId,
      method: p.method,
      amount: p.amount,
      ...(p.change === undefined ? {} : { change: p.change }),
      ...(p.reference === undefined ? {} : { reference: p.reference }),
    })),
    subtotal: priced.subtotal,
    discountTotal: priced.discountTotal,
    rounding: priced.rounding,
    total: priced.total,
    paid: priced.paid,
    remaining: priced.remaining,
    updatedAt: cart.updatedAt,
  };
}
