export { MemberService, type MemberServiceOptions, type MemberView } from './member-service.js';
export type { MemberFailureCode } from './errors.js';
export type { AssetBalance } from './ledger.js';
export { memberEntriesFromOrder, pointsForAmount, pointsForSale } from './earning.js';
export { withoutProfileIfNoConsent } from './member-directory.js';
export { memberRoutes, type MemberRoutesOptions } from './api-routes.js';
