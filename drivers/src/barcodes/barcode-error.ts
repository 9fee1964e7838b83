/** Why a code was refused. Every parser returns one of these instead of throwing. */
export type BarcodeErrorCode =
  | 'EMPTY'
  | 'BAD_CHARACTERS'
  | 'BAD_LENGTH'
  | 'BAD_CHECK_DIGIT'
  | 'UNKNOWN_AI'
  | 'TRUNCATED'
  | 'BAD_DATE'
  | 'BAD_NUMBER'
  | 'NOT_THIS_FORMAT'
  | 'BAD_SIGNATURE'
  | 'EXPIRED'
  | 'NO_RULE';

export interface BarcodeError {
  code: BarcodeErrorCode;
  message: string;
}

export function barcodeError(code: BarcodeErrorCode, message: string): BarcodeError {
  return { code, message };
}
