import type { Order } from '@mendian/protocol';

/**
 * Where committed orders come from (the checkout's order store). `after` is an opaque cursor the
 * stock service keeps in its checkpoint table; the feed returns orders committed after it in
 * commit order, so a derivation interrupted by a crash resumes where it stopped.
 */
export interface OrderFeedPort {
  ordersAfter(cursor: string | null, limit: number): { orders: Order[]; cursor: string | null };
}
