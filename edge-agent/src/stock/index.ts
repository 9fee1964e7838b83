export { StockService, type StockServiceOptions } from './stock-service.js';
export type { StockContext } from './context.js';
export type { StockFailureCode } from './errors.js';
export { StockError } from './errors.js';
export type { OrderFeedPort } from './order-feed.js';
export type { ShelfStockPort, StockViewLine } from './stock-view.js';
export type { StockLevel } from './projection.js';
export type { DocumentStatus, StoredDocument } from './documents.js';
export { DEFAULT_REORDER, type ReorderOptions, type ReorderSuggestion } from './low-stock.js';
export { movementsFromOrder } from './order-movements.js';
export { migrateStock } from './stock-schema.js';
export { stockRoutes, type StockRoutesOptions } from './api-routes.js';
export {
  applyCommittedOrders,
  type OrderCommittedSource,
  type OrderEffectProblem,
} from './order-events.js';
