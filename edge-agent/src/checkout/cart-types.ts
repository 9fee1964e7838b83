import type { LocalizedText, Payment, SoldBy } from '@mendian/protocol';
import type { Approval } from '../staff/permissions.js';
import type { CartState } from './cart-machine.js';

/** What the cart needs to know about a product when it is added. */
export interface CartProduct {
  productId: string;
  sku: string;
  name: LocalizedText;
  soldBy: SoldBy;
  taxRate: number;
  /** The product's category and its ancestors, for promotion targets. */
  categoryIds: string[];
}

export interface CartLine {
  lineId: string;
  product: CartProduct;
  /** Pieces, or grams for weighed items. */
  quantity: number;
  /** The regular price in force when the line was added (per piece or per kg). */
  regularUnitPrice: number;
  /** The member price, when lower and a member is attached. */
  memberUnitPrice: number | null;
  /** Set by a price override; replaces the regular price. */
  override: { unitPrice: number; approvedBy?: string } | null;
  /** A price-embedded scale label fixes the line amount as printed. */
  labelAmount: number | null;
  /** A manual discount on this line in fen. */
  manualDiscount: { amount: number; approvedBy?: string } | null;
  scannedCode?: string;
}

export interface CartMember {
  id: string;
  tier: string;
  name: string | null;
  phoneMasked: string;
}

export interface CartSnapshot {
  id: string;
  laneCode: string;
  cashierId: string;
  state: CartState;
  lines: CartLine[];
  member: CartMember | null;
  payments: Payment[];
  /** 抹零: set when a cash tender drops fen; ≤ 0. */
  rounding: number;
  orderDiscount: { amount: number; approvedBy?: string } | null;
  approvals: Approval[];
  createdAt: number;
  updatedAt: number;
}
