/**
 * Facts derived from a committed order. The rule lives in @mendian/protocol so that the checkout,
 * the stock projection and the center derive the very same documents.
 */
export {
  pointsEntriesForOrder as pointsEntriesFor,
  stockMovementsForOrder as stockMovementsFor,
} from '@mendian/protocol';
