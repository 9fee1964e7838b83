import { divideRound, type LineDiscount, type OrderLine } from '@mendian/protocol';

/**
 * The share of `amount` for refunding `q` of `sold` units when `prev` were refunded before,
 * computed cumulatively (round(total × (prev+q)/sold) − round(total × prev/sold)) so that the
 * partial refunds of a line always add up to exactly what was paid for it.
 */
export function cumulativeShare(amount: number, sold: number, prev: number, q: number): number {
  return (
    divideRound(BigInt(amount) * BigInt(prev + q), BigInt(sold)) -
    divideRound(BigInt(amount) * BigInt(prev), BigInt(sold))
  );
}

/**
 * The return line for `q` of a sale line of which `prev` were already refunded: gross and every
 * discount (with its reason) in proportion, so the refund is the price actually paid.
 */
export function returnLine(
  sale: OrderLine,
  saleOrderId: string,
  lineId: string,
  prev: number,
  q: number,
  restock: 'sellable' | 'damaged',
): OrderLine {
  const gross = cumulativeShare(sale.grossAmount, sale.quantity, prev, q);
  const discounts: LineDiscount[] = sale.discounts
    .map((d) => ({ reason: d.reason, amount: cumulativeShare(d.amount, sale.quantity, prev, q) }))
    .filter((d) => d.amount > 0);
  const net = gross - discounts.reduce((s, d) => s + d.amount, 0);
  return {
    lineId,
    productId: sale.productId,
    sku: sale.sku,
    name: sale.name,
    soldBy: sale.soldBy,
    quantity: q,
    unitPrice: sale.unitPrice,
    grossAmount: gross,
    discounts,
    netAmount: net,
    taxRate: sale.taxRate,
    taxAmount: cumulativeShare(sale.taxAmount, sale.quantity, prev, q),
    returnOf: { orderId: saleOrderId, lineId: sale.lineId },
    restock,
  };
}
