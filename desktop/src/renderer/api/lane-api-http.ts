import {
  liveMessage,
  localizedText,
  ok,
  soldBy,
  syncStatusSchema,
  type Result,
} from '@mendian/protocol';
import { cartView, productHit, saleDone, sessionView } from '@mendian/protocol/api/lane-api';
import { lowStockResponse, stockSearchResponse } from '@mendian/protocol/api/stock-views';
import { z } from 'zod';
import { createHttp, type HttpOptions } from './http.js';
import type { LaneApi, LiveEvent, ShiftReport } from './lane-api.js';
import { connectLive } from './live.js';

/**
 * LaneApi over the edge-agent's HTTP routes (/api/v1, see its /openapi.json). Request bodies follow
 * the protocol request schemas; responses are validated with the protocol response schemas.
 */

const empty = z.object({}).loose();
const suspendedList = z.array(
  z.object({ id: z.string(), lane: z.string(), suspendedAt: z.number(), lines: z.number() }),
);
// The status route has no protocol schema yet; this is the part the lane shows.
const laneStatus = z.object({
  printer: z.object({
    state: z.enum(['ok', 'offline', 'paperOut', 'error', 'none']),
    message: z.string(),
  }),
});
// Returns responses have no protocol schema yet; these are the fields the return screen reads.
const returnLookup = z.object({
  sale: z.object({ receiptNo: z.string() }),
  lines: z.array(
    z.object({
      lineId: z.string(),
      name: localizedText,
      soldBy,
      sold: z.number().int(),
      refunded: z.number().int(),
      remaining: z.number().int(),
      netAmount: z.number().int(),
    }),
  ),
});
const refundDone = z.object({
  order: z.object({ receiptNo: z.string(), total: z.number().int() }),
});
// Shift reports have no protocol schema yet: show flat fields as rows.
const reportBody = z.record(z.string(), z.unknown());

export interface HttpLaneApiOptions extends Omit<HttpOptions, 'token'> {
  laneCode: string;
}

function asVoid<T>(r: Result<T, string>): Result<void, string> {
  return r.ok ? ok(undefined) : r;
}

function reportRows(body: Record<string, unknown>): ShiftReport {
  const rows: ShiftReport['rows'] = [];
  for (const [label, value] of Object.entries(body)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      rows.push({ label, value: String(value) });
    }
  }
  return { rows };
}

export function createHttpLaneApi(options: HttpLaneApiOptions): LaneApi {
  let token: string | null = null;
  const http = createHttp({ ...options, token: () => token });
  const enc = encodeURIComponent;
  return {
    async login(staffNo, pin) {
      const r = await http.request('POST', '/api/v1/sessions', sessionView, {
        staffNo,
        pin,
        laneCode: options.laneCode,
      });
      if (r.ok) token = r.value.token;
      return r;
    },
    async logout() {
      const r = await http.request('DELETE', '/api/v1/sessions', empty);
      token = null;
      return asVoid(r);
    },
    cart: () => http.request('GET', '/api/v1/cart', cartView),
    scan: (code, quantity) =>
      http.request('POST', '/api/v1/cart/scan', cartView, quantity ? { code, quantity } : { code }),
    addProduct: (productId, quantity) =>
      http.request('POST', '/api/v1/cart/lines', cartView, { productId, quantity }),
    setQuantity: (lineId, quantity) =>
      http.request('PATCH', `/api/v1/cart/lines/${enc(lineId)}`, cartView, { quantity }),
    voidLine: (lineId) =>
      http.request('POST', `/api/v1/cart/lines/${enc(lineId)}/void`, cartView, {}),
    attachMember: (member) => http.request('POST', '/api/v1/cart/member', cartView, member),
    voidCart: (approval) =>
      http.request('POST', '/api/v1/cart/void', cartView, approval ? { approval } : {}),
    suspend: () => http.request('POST', '/api/v1/cart/suspend', cartView),
    async suspended() {
      const r = await http.request('GET', '/api/v1/suspended', suspendedList);
      if (!r.ok) return r;
      return ok(
        r.value.map((s) => ({
          cartId: s.id,
          lane: s.lane,
          suspendedAt: s.suspendedAt,
          lines: s.lines,
        })),
      );
    },
    resume: (cartId) => http.request('POST', `/api/v1/suspended/${enc(cartId)}/resume`, cartView),
    search: (query) =>
      http.request('GET', `/api/v1/products?q=${enc(query)}&limit=20`, z.array(productHit)),
    startTender: () => http.request('POST', '/api/v1/cart/tender', cartView),
    backToBasket: () => http.request('POST', '/api/v1/cart/back', cartView),
    payCash: (tendered) =>
      http.request('POST', '/api/v1/cart/payments/cash', cartView, { tendered, round: false }),
    payCard: (amount) =>
      http.request(
        'POST',
        '/api/v1/cart/payments/card',
        cartView,
        amount === null ? {} : { amount },
      ),
    payWallet: (authCode, amount) =>
      http.request(
        'POST',
        '/api/v1/cart/payments/wallet',
        cartView,
        amount === null ? { authCode } : { authCode, amount },
      ),
    commit: (cartId) => http.request('POST', '/api/v1/cart/commit', saleDone, { cartId }),
    async openShift(float) {
      return asVoid(await http.request('POST', '/api/v1/shift/open', empty, { float }));
    },
    async cashMovement(kind, amount, reason, approval) {
      return asVoid(
        await http.request('POST', '/api/v1/shift/cash', empty, {
          kind,
          amount,
          reason,
          ...(approval ? { approval } : {}),
        }),
      );
    },
    async xReport() {
      const r = await http.request('GET', '/api/v1/shift/x', reportBody);
      return r.ok ? ok(reportRows(r.value)) : r;
    },
    async closeShift(denominations, dayClose, approval) {
      const r = await http.request('POST', '/api/v1/shift/close', reportBody, {
        denominations,
        dayClose,
        ...(approval ? { approval } : {}),
      });
      return r.ok ? ok(reportRows(r.value)) : r;
    },
    async zReport() {
      const r = await http.request('GET', '/api/v1/reports/z', reportBody);
      return r.ok ? ok(reportRows(r.value)) : r;
    },
    async printerStatus() {
      const r = await http.request('GET', '/api/v1/status', laneStatus);
      return r.ok ? ok(r.value.printer) : r;
    },
    async reprint(receiptNo) {
      return asVoid(
        await http.request('POST', `/api/v1/receipts/${enc(receiptNo)}/reprint`, z.unknown(), {}),
      );
    },
    async returnLookup(receiptNo) {
      const r = await http.request('GET', `/api/v1/returns/${enc(receiptNo)}`, returnLookup);
      return r.ok ? ok({ receiptNo: r.value.sale.receiptNo, lines: r.value.lines }) : r;
    },
    async refund(request) {
      const r = await http.request('POST', '/api/v1/returns', refundDone, request);
      return r.ok ? ok({ receiptNo: r.value.order.receiptNo, total: r.value.order.total }) : r;
    },
    syncStatus: () => http.request('GET', '/api/sync/status', syncStatusSchema),
    async stock(query) {
      const r = await http.request(
        'GET',
        `/api/stock/search?q=${enc(query)}&limit=50`,
        stockSearchResponse,
      );
      if (!r.ok) return r;
      return ok(
        r.value.data.map((l) => ({
          productId: l.product.productId,
          sku: l.product.sku,
          name: l.product.name,
          soldBy: l.product.soldBy,
          onHand: l.quantity,
          reorderPoint: null,
        })),
      );
    },
    async lowStock() {
      const r = await http.request('GET', '/api/stock/low', lowStockResponse);
      if (!r.ok) return r;
      return ok(
        r.value.data.map((l) => ({
          productId: l.productId,
          sku: l.sku,
          name: l.name,
          soldBy: 'piece' as const,
          onHand: l.quantity,
          reorderPoint: l.threshold.minLevel,
        })),
      );
    },
  };
}

/** Maps the edge-agent's live messages to the UI's events; null for what the UI does not use. */
export function toLiveEvent(data: unknown): LiveEvent | null {
  const m = liveMessage.safeParse(data);
  if (!m.success) return null;
  const v = m.data;
  switch (v.type) {
    case 'cart':
      return { type: 'cart', lane: v.lane, cart: v.cart };
    case 'order':
      return { type: 'order', laneCode: v.laneCode, receiptNo: v.receiptNo, total: v.total };
    case 'printer':
      return {
        type: 'device',
        device: {
          deviceId: 'lane-printer',
          kind: 'printer',
          name: v.message,
          online: v.state !== 'offline',
          problems: v.state === 'paperOut' ? ['paperOut'] : v.state === 'error' ? ['error'] : [],
          lastSeenAt: null,
        },
      };
    case 'wallet':
      return null;
  }
}

export function subscribeLive(
  apiBase: string,
  onEvent: (e: LiveEvent) => void,
  onReachable: (reachable: boolean) => void,
): () => void {
  const url = new URL('/api/v1/live', apiBase);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const conn = connectLive({
    url: url.toString(),
    parse: toLiveEvent,
    onMessage: onEvent,
    onReachable,
  });
  return () => conn.close();
}
