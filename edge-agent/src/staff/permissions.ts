import type { StaffRole } from '@mendian/protocol';

/** Actions whose permission depends on the role; anything not listed is open to every role. */
export type Permission =
  | 'sell'
  | 'lineVoid'
  | 'orderVoid'
  | 'priceOverride'
  | 'manualDiscount'
  | 'manualDiscountUnlimited'
  | 'refund'
  | 'refundForeignReceipt'
  | 'noSaleDrawerOpen'
  | 'cashInOut'
  | 'shiftClose'
  | 'dayClose'
  | 'approve';

/** The permission table: a role holds exactly these. Policy, not code: change it here only. */
export const ROLE_PERMISSIONS: Readonly<Record<StaffRole, ReadonlySet<Permission>>> = {
  cashier: new Set<Permission>(['sell', 'lineVoid', 'manualDiscount', 'shiftClose']),
  supervisor: new Set<Permission>([
    'sell',
    'lineVoid',
    'orderVoid',
    'priceOverride',
    'manualDiscount',
    'refund',
    'noSaleDrawerOpen',
    'cashInOut',
    'shiftClose',
  ]),
  manager: new Set<Permission>([
    'sell',
    'lineVoid',
    'orderVoid',
    'priceOverride',
    'manualDiscount',
    'manualDiscountUnlimited',
    'refund',
    'refundForeignReceipt',
    'noSaleDrawerOpen',
    'cashInOut',
    'shiftClose',
    'dayClose',
    'approve',
  ]),
};

/** Largest manual discount on one cart a role may give alone, in basis points of the cart. */
export const MANUAL_DISCOUNT_LIMIT_BP: Readonly<Record<StaffRole, number>> = {
  cashier: 500,
  supervisor: 1500,
  manager: 10_000,
};

export function can(role: StaffRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/** A staff member acting at a lane. */
export interface Actor {
  staffId: string;
  role: StaffRole;
}

/** A manager's approval, obtained by the manager entering a PIN at the lane. */
export interface Approval {
  approvedBy: string;
  role: StaffRole;
  action: Permission;
  at: number;
}

/** Whether the actor may do it alone or the approval covers it. */
export function permits(actor: Actor, permission: Permission, approval?: Approval): boolean {
  if (can(actor.role, permission)) return true;
  return approval !== undefined && approval.action === permission && can(approval.role, permission);
}
