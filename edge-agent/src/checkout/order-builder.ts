import { divideRound, orderSchema, parseOrThrow, type Order } from '@mendian/protocol';
import type { PricedCart } from './cart-pricing.js';
import type { CartSnapshot } from './cart-types.js';

export interface OrderMeta {
  storeId: string;
  storeCode: string;
  shiftId: string;
  receiptNo: string;
  pointsPerYuan: number;
  createdAt: number;
}

/** Members earn whole points per whole yuan paid (rounded down), never for fen. */
export function pointsFor(total: number, pointsPerYuan: number): number {
  return divideRound(total, 100, 'down') * pointsPerYuan;
}

/** The self-contained order fact of a paid cart, validated against the protocol schema. */
export function buildSaleOrder(cart: CartSnapshot, priced: PricedCart, meta: OrderMeta): Order {
  return parseOrThrow(
    orderSchema,
    {
      schemaVersion: 1,
      id: cart.id,
      kind: 'sale',
      storeId: meta.storeId,
      storeCode: meta.storeCode,
      laneCode: cart.laneCode,
      receiptNo: meta.receiptNo,
      cashierId: cart.cashierId,
      shiftId: meta.shiftId,
      memberId: cart.member?.id ?? null,
      lines: priced.lines,
      subtotal: priced.subtotal,
      discountTotal: priced.discountTotal,
      rounding: priced.rounding,
      total: priced.total,
      payments: cart.payments,
      pointsEarned: cart.member ? pointsFor(priced.total, meta.pointsPerYuan) : 0,
      pointsRedeemed: 0,
      returnOf: null,
      approvals: cart.approvals.map((a) => ({
        action: a.action,
        approvedBy: a.approvedBy,
        at: a.at,
      })),
      createdAt: meta.createdAt,
    },
    'order',
  );
}
