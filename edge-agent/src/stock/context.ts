import type Database from 'better-sqlite3';

/** What every stock module needs: the store's database, which store it is, a clock and ids. */
export interface StockContext {
  readonly db: Database.Database;
  readonly storeId: string;
  readonly now: () => number;
  readonly newId: () => string;
}
