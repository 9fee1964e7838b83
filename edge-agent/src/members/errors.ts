/** Expected outcomes of member operations that a caller switches on (returned, never thrown). */
export type MemberFailureCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'INVALID_CODE'
  | 'DUPLICATE_PHONE'
  | 'MEMBER_INACTIVE'
  | 'NO_CONSENT'
  | 'INSUFFICIENT_ALLOWANCE'
  | 'DUPLICATE'
  | 'HOLD_NOT_FOUND'
  | 'NO_EARNING_RULES'
  | 'WRONG_STORE';
