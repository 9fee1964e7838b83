import type { Fen, LocalizedText, Result, SoldBy, SyncStatus } from '@mendian/protocol';
import type { cartView, productHit, saleDone, sessionView } from '@mendian/protocol/api/lane-api';
import type { z } from 'zod';
import type { DeviceView, VipArrival } from '../state/status.js';

/**
 * What the screens need from the store, as verbs. The screens depend on this interface only; the
 * HTTP adapter (lane-api-http.ts) implements it against the edge-agent routes and validates every
 * response with the protocol schemas, so the screens never see an unchecked shape.
 */

export type SessionView = z.infer<typeof sessionView>;
export type CartView = z.infer<typeof cartView>;
export type LineView = CartView['lines'][number];
export type ProductHit = z.infer<typeof productHit>;
export type SaleDone = z.infer<typeof saleDone>;

export interface SuspendedView {
  cartId: string;
  lane: string;
  suspendedAt: number;
  lines: number;
}

export type PrinterStatus = 'ok' | 'offline' | 'paperOut' | 'error' | 'none';

export interface ShiftReport {
  /** The report as the edge-agent sent it, shown as label/value rows. */
  rows: { label: string; value: string }[];
}

export interface RefundableLine {
  lineId: string;
  name: LocalizedText;
  soldBy: SoldBy;
  sold: number;
  refunded: number;
  remaining: number;
  netAmount: Fen;
}

export interface RefundRequest {
  returnId: string;
  receiptNo: string;
  lines: { lineId: string; quantity: number; restock: 'sellable' | 'damaged' }[];
  refundTo: 'original' | 'cash';
  approval?: { staffNo: string; pin: string };
}

export interface StockRow {
  productId: string;
  sku: string;
  name: LocalizedText;
  onHand: number;
  soldBy: SoldBy;
  reorderPoint: number | null;
}

export type ApiCall<T> = Promise<Result<T, string>>;

export interface LaneApi {
  login(staffNo: string, pin: string): ApiCall<SessionView>;
  logout(): ApiCall<void>;
  cart(): ApiCall<CartView>;
  /** A barcode, scale label or member code; quantity in pieces or grams. */
  scan(code: string, quantity?: number): ApiCall<CartView>;
  addProduct(productId: string, quantity: number): ApiCall<CartView>;
  setQuantity(lineId: string, quantity: number): ApiCall<CartView>;
  voidLine(lineId: string): ApiCall<CartView>;
  attachMember(member: { phone: string } | { code: string }): ApiCall<CartView>;
  voidCart(approval?: { staffNo: string; pin: string }): ApiCall<CartView>;
  suspend(): ApiCall<CartView>;
  suspended(): ApiCall<SuspendedView[]>;
  resume(cartId: string): ApiCall<CartView>;
  search(query: string): ApiCall<ProductHit[]>;
  /** 结算: the cart moves to tendering; back returns to the basket while nothing is paid. */
  startTender(): ApiCall<CartView>;
  backToBasket(): ApiCall<CartView>;
  payCash(tendered: Fen): ApiCall<CartView>;
  payCard(amount: Fen | null): ApiCall<CartView>;
  /** Resolves when the customer confirmed (or the gateway gave up): USERPAYING is the wait. */
  payWallet(authCode: string, amount: Fen | null): ApiCall<CartView>;
  commit(cartId: string): ApiCall<SaleDone>;
  openShift(float: Fen): ApiCall<void>;
  cashMovement(
    kind: 'in' | 'out',
    amount: Fen,
    reason: string,
    approval?: { staffNo: string; pin: string },
  ): ApiCall<void>;
  xReport(): ApiCall<ShiftReport>;
  /** Closes the lane's shift with the drawer counted by denomination (fen → count); dayClose = Z. */
  closeShift(
    denominations: Record<string, number>,
    dayClose: boolean,
    approval?: { staffNo: string; pin: string },
  ): ApiCall<ShiftReport>;
  zReport(): ApiCall<ShiftReport>;
  reprint(receiptNo: string): ApiCall<void>;
  returnLookup(receiptNo: string): ApiCall<{ receiptNo: string; lines: RefundableLine[] }>;
  refund(request: RefundRequest): ApiCall<{ receiptNo: string; total: Fen }>;
  printerStatus(): ApiCall<{ state: PrinterStatus; message: string }>;
  /** Replication with the center: online, pending uploads, last synced (GET /api/sync/status). */
  syncStatus(): ApiCall<SyncStatus>;
  stock(query: string): ApiCall<StockRow[]>;
  lowStock(): ApiCall<StockRow[]>;
}

export type LiveEvent =
  | { type: 'sync'; status: SyncStatus }
  | { type: 'device'; device: DeviceView }
  | { type: 'vip'; arrival: VipArrival }
  | { type: 'cart'; lane: string; cart: CartView | null }
  | { type: 'order'; laneCode: string; receiptNo: string; total: Fen };
