import {
  cardPaymentRequest,
  cartView,
  cashPaymentRequest,
  commitRequest,
  fail,
  ok,
  saleDone,
  walletPaymentRequest,
} from '@mendian/protocol';
import { resolveScan } from '../catalog/scan-resolver.js';
import type { ApiScope } from './server.js';
import { cartOut } from './routes-cart.js';

export function registerTenderRoutes(scope: ApiScope): void {
  const { route, rt } = scope;

  route(
    {
      method: 'POST',
      url: '/api/v1/cart/tender',
      summary: 'Start tendering (结算)',
      response: cartView,
    },
    ({ session }) => cartOut(rt.tender.tender(session.laneCode)),
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/cart/back',
      summary: 'Back to the basket (no payments taken yet)',
      response: cartView,
    },
    ({ session }) => cartOut(rt.tender.back(session.laneCode)),
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/cart/payments/cash',
      summary: 'Cash, with change and optional 抹零',
      body: cashPaymentRequest,
      response: cartView,
    },
    ({ session, body }) => cartOut(rt.tender.payCash(session.laneCode, body.tendered, body.round)),
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/cart/payments/card',
      summary: 'Card on the external terminal',
      body: cardPaymentRequest,
      response: cartView,
    },
    async ({ session, body }) =>
      cartOut(await rt.tender.payCard(session.laneCode, body.amount ?? null)),
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/cart/payments/wallet',
      summary: 'WeChat Pay / Alipay payment code (B扫C); waits while the customer confirms',
      body: walletPaymentRequest,
      response: cartView,
    },
    async ({ session, body }) => {
      const s = resolveScan(rt.ref.catalog, body.authCode, 'payment');
      if (
        !s.ok ||
        s.value.kind !== 'payment' ||
        (s.value.provider !== 'wechat' && s.value.provider !== 'alipay')
      ) {
        return fail('BAD_CODE', '不是微信或支付宝付款码 / not a WeChat Pay or Alipay payment code');
      }
      return cartOut(
        await rt.tender.payWallet(
          session.laneCode,
          s.value.provider,
          body.authCode,
          body.amount ?? null,
        ),
      );
    },
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/cart/commit',
      summary: 'Commit the paid sale; retry-safe by cartId',
      body: commitRequest,
      response: saleDone,
    },
    async ({ session, body }) => {
      const r = await rt.tender.commit(session.laneCode, body.cartId);
      if (!r.ok) return r;
      const { order, duplicate } = r.value;
      const change = order.payments.reduce((s, p) => s + (p.change ?? 0), 0);
      return ok({
        orderId: order.id,
        receiptNo: order.receiptNo,
        total: order.total,
        change,
        duplicate,
      });
    },
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/status',
      summary: 'Wallet gateways and printer as the lane should show them',
      public: true,
    },
    () => ok({ wallets: rt.payments.walletStatus(), printer: scope.printerStatus() }),
  );
}
