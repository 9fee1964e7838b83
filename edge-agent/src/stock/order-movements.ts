/**
 * The stock movements an order implies: the protocol's one rule (also used by the checkout and the
 * center), so the edge and the center hold the same documents under the same ids. A damaged return
 * comes back and is written off at once, which leaves sellable stock unchanged. A sale is never
 * blocked by stock: this only records what left.
 */
export { stockMovementsForOrder as movementsFromOrder } from '@mendian/protocol';
