import { CodedError } from '@mendian/protocol';

/** Expected outcomes of stock operations that a caller switches on (returned, never thrown). */
export type StockFailureCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'UNKNOWN_PRODUCT'
  | 'UNKNOWN_BARCODE'
  | 'DOCUMENT_CLOSED'
  | 'DUPLICATE_RECEIPT'
  | 'WRONG_STORE'
  | 'NOT_IN_DOCUMENT'
  | 'COUNT_NOT_OPEN'
  | 'NOT_IN_COUNT_SCOPE'
  | 'SCAN_ALREADY_UNDONE'
  | 'UNCOUNTED_ITEMS'
  | 'TRANSFER_NOT_IN_TRANSIT';

/** Exceptional failures (a corrupt database, a broken invariant): thrown, with a code. */
export class StockError extends CodedError {
  constructor(code: 'STOCK_CORRUPT' | 'STOCK_INVARIANT', message: string, details?: unknown) {
    super(code, message, details);
    this.name = 'StockError';
  }
}
