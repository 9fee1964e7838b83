import type {
  Fen,
  LocalizedText,
  Result,
  SoldBy,
  SyncStatus,
  TenderMethod,
} from '@mendian/protocol';
import type { DeviceView, VipArrival } from '../state/status.js';

/**
 * What the screens need from the store, as verbs. The screens depend on this interface only; the
 * HTTP adapter (lane-api-http.ts) implements it against the edge-agent routes and validates every
 * response with the protocol schemas, so the screens never see an unchecked shape.
 */

export interface StaffView {
  id: string;
  staffNo: string;
  name: string;
  role: 'cashier' | 'supervisor' | 'manager';
}

export interface SessionView {
  token: string;
  staff: StaffView;
  laneCode: string;
  storeName: string;
}

export interface LineView {
  lineId: string;
  sku: string;
  name: LocalizedText;
  soldBy: SoldBy;
  /** Pieces, or grams for weighed items. */
  quantity: number;
  unitPrice: Fen;
  grossAmount: Fen;
  discounts: { name: LocalizedText; amount: Fen }[];
  netAmount: Fen;
}

export interface CartView {
  id: string;
  state: 'open' | 'tendering' | 'committed' | 'suspended' | 'voided';
  lines: LineView[];
  member: { id: string; name: string | null; tier: string; phoneMasked: string } | null;
  subtotal: Fen;
  discountTotal: Fen;
  total: Fen;
  paid: Fen;
  updatedAt: number;
}

export interface ProductHit {
  productId: string;
  sku: string;
  name: LocalizedText;
  soldBy: SoldBy;
  unitPrice: Fen;
  barcode: string | null;
}

export interface SaleDone {
  orderId: string;
  receiptNo: string;
  total: Fen;
  change: Fen;
}

export type WalletOutcome =
  | { status: 'paid'; paymentId: string; method: TenderMethod; reference: string; cart: CartView }
  | { status: 'userPaying'; paymentId: string }
  | { status: 'failed'; paymentId: string; message: string };

export interface SuspendedView {
  cartId: string;
  suspendedAt: number;
  lines: number;
  total: Fen;
}

export interface StockRow {
  productId: string;
  sku: string;
  name: LocalizedText;
  onHand: number;
  soldBy: SoldBy;
  reorderPoint: number | null;
}

export interface SalesToday {
  orders: number;
  returns: number;
  netSales: Fen;
  averageBasket: Fen;
}

export type ApiCall<T> = Promise<Result<T, string>>;

export interface LaneApi {
  login(staffNo: string, pin: string): ApiCall<SessionView>;
  logout(): ApiCall<void>;
  cart(): ApiCall<CartView>;
  scan(code: string, quantity?: number): ApiCall<CartView>;
  addProduct(productId: string, quantity: number): ApiCall<CartView>;
  setQuantity(lineId: string, quantity: number): ApiCall<CartView>;
  voidLine(lineId: string): ApiCall<CartView>;
  attachMember(codeOrPhone: string): ApiCall<CartView>;
  voidCart(): ApiCall<CartView>;
  suspend(): ApiCall<CartView>;
  suspended(): ApiCall<SuspendedView[]>;
  resume(cartId: string): ApiCall<CartView>;
  search(query: string): ApiCall<ProductHit[]>;
  payCash(tendered: Fen, amount: Fen): ApiCall<CartView>;
  payCard(amount: Fen): ApiCall<CartView>;
  payWallet(authCode: string, amount: Fen): ApiCall<WalletOutcome>;
  walletStatus(paymentId: string): ApiCall<WalletOutcome>;
  cancelWallet(paymentId: string): ApiCall<void>;
  complete(): ApiCall<SaleDone>;
  reprint(receiptNo: string): ApiCall<void>;
  syncStatus(): ApiCall<SyncStatus>;
  devices(): ApiCall<DeviceView[]>;
  stock(query: string): ApiCall<StockRow[]>;
  lowStock(): ApiCall<StockRow[]>;
  salesToday(): ApiCall<SalesToday>;
}

export type LiveEvent =
  | { type: 'sync'; status: SyncStatus }
  | { type: 'device'; device: DeviceView }
  | { type: 'vip'; arrival: VipArrival }
  | { type: 'cart'; cart: CartView };
