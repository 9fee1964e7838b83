/**
 * Ports of the smart-shelf domain. The stock projection and the sales journal are other modules
 * (stock lands later); the app wires adapters to these interfaces.
 */

export interface StockLevels {
  /** Units of the SKU the stock projection believes are in this store (shelf + backroom). */
  onHand(sku: string): number;
}

export interface SaleLine {
  /** Unique per sold line, so one sale explains one pick only once. */
  lineId: string;
  sku: string;
  at: number;
  quantity: number;
}

export interface SalesJournal {
  /** Sold lines of the SKU in [from, to). */
  linesBetween(sku: string, from: number, to: number): readonly SaleLine[];
}

export interface ShelfChange {
  shelf: string;
  slot: string;
  sku: string;
  items: number;
  countAfter: number;
  at: number;
}

export interface ShelfTask {
  kind: 'replenish' | 'count';
  reason: 'LOW' | 'EMPTY' | 'PHANTOM_STOCK';
  shelf: string;
  slot: string;
  sku: string;
  countOnShelf: number;
  /** For PHANTOM_STOCK: what the projection claims. */
  onHand?: number;
  at: number;
}

export interface ShrinkAlert {
  shelf: string;
  slot: string;
  sku: string;
  /** Items taken with no sale (and no put-back) within the window. */
  unexplained: number;
  pickedAt: number;
  at: number;
}

export interface ShelfOutput {
  picked(change: ShelfChange): void;
  put(change: ShelfChange): void;
  task(task: ShelfTask): void;
  shrink(alert: ShrinkAlert): void;
}
