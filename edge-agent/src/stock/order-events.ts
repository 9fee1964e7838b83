import type { Order } from '@mendian/protocol';
import type { MemberService } from '../members/member-service.js';
import type { StockService } from './stock-service.js';

/**
 * The part of the checkout's event bus this needs (checkout/selling-events.ts `SellingEvents`
 * satisfies it structurally): orders are published after they are committed.
 */
export interface OrderCommittedSource {
  on(event: 'orderCommitted', listener: (payload: { order: Order }) => void): () => void;
}

export interface OrderEffectProblem {
  orderId: string;
  part: 'stock' | 'members';
  code: string;
  message: string;
}

/**
 * Applies every committed order (sale or return) to stock and to the member ledgers. Both are
 * idempotent by derived ids; an order missed because the process died between commit and this
 * listener is picked up by `StockService.recover()` from the order feed at the next start.
 * Problems are reported, never thrown into the checkout.
 */
export function applyCommittedOrders(
  source: OrderCommittedSource,
  stock: StockService,
  members: MemberService | null,
  onProblem: (p: OrderEffectProblem) => void,
): () => void {
  return source.on('orderCommitted', ({ order }) => {
    const s = stock.applyOrder(order);
    if (!s.ok) onProblem({ orderId: order.id, part: 'stock', code: s.code, message: s.message });
    if (!members || order.memberId === null) return;
    const m = members.commitOrder(order);
    if (!m.ok) onProblem({ orderId: order.id, part: 'members', code: m.code, message: m.message });
  });
}
