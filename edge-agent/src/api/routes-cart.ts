import {
  addLineRequest,
  cartView,
  discountRequest,
  fail,
  lineVoidRequest,
  memberRequest,
  ok,
  priceOverrideRequest,
  scanRequest,
  setQuantityRequest,
  voidRequest,
  type Result,
} from '@mendian/protocol';
import { z } from 'zod';
import type { LaneResult } from '../checkout/lane-service.js';
import type { Approval, Permission } from '../staff/permissions.js';
import type { ApiScope } from './server.js';
import { cartBody } from './views.js';

/** Resolves an approval PIN entered at the lane into a recorded Approval (or none was given). */
export async function approvalFrom(
  scope: ApiScope,
  session: { staffId: string; role: 'cashier' | 'supervisor' | 'manager'; laneCode: string },
  input: { staffNo: string; pin: string } | undefined,
  action: Permission,
  subject: string | null,
): Promise<Result<Approval | undefined, string>> {
  if (!input) return ok(undefined);
  return scope.rt
    .staffFor(session.laneCode)
    .approve(input.staffNo, input.pin, action, session, subject);
}

export function cartOut(r: LaneResult): Result<unknown, string> {
  return r.ok ? ok(cartBody(r.value)) : r;
}

export function registerCartRoutes(scope: ApiScope): void {
  const { route, rt } = scope;
  const cartId = (lane: string) => rt.lanes.view(lane)?.cart.id ?? null;

  route(
    {
      method: 'GET',
      url: '/api/v1/cart',
      summary: 'The lane’s cart (started when a shift is open)',
      response: cartView,
    },
    ({ session }) => {
      const c = rt.lanes.cartFor(session.laneCode, session);
      if (!c.ok) return c;
      return ok(cartBody(rt.lanes.view(session.laneCode)!));
    },
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/cart/scan',
      summary: 'Scan a barcode: item, scale label, GS1, member code',
      body: scanRequest,
      response: cartView,
    },
    async ({ session, body }) => {
      const r = await rt.lanes.scan(session.laneCode, session, body.code);
      if (r.ok && 'payment' in r)
        return fail(
          'INVALID_STATE',
          '付款码请在支付中使用 / scan payment codes in the wallet payment',
        );
      if (r.ok && body.quantity !== undefined) {
        const line = r.value.cart.lines.at(-1);
        if (line && line.product.soldBy === 'weight' && line.labelAmount === null) {
          return cartOut(rt.lanes.setQuantity(session.laneCode, line.lineId, body.quantity));
        }
      }
      if (!r.ok && r.code === 'WEIGHT_REQUIRED' && body.quantity !== undefined) {
        const productId = (r.details as { productId: string }).productId;
        return cartOut(
          rt.lanes.addProduct(session.laneCode, session, productId, body.quantity, {
            code: body.code,
          }),
        );
      }
      return cartOut(r);
    },
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/cart/lines',
      summary: 'Add a product found by search',
      body: addLineRequest,
      response: cartView,
    },
    ({ session, body }) =>
      cartOut(rt.lanes.addProduct(session.laneCode, session, body.productId, body.quantity)),
  );

  route(
    {
      method: 'PATCH',
      url: '/api/v1/cart/lines/:lineId',
      summary: 'Change a line’s quantity',
      body: setQuantityRequest,
      response: cartView,
    },
    ({ session, body, params }) =>
      cartOut(rt.lanes.setQuantity(session.laneCode, params.lineId ?? '', body.quantity)),
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/cart/lines/:lineId/void',
      summary: 'Remove a line (audited)',
      body: lineVoidRequest,
      response: cartView,
    },
    async ({ session, body, params }) => {
      const a = await approvalFrom(
        scope,
        session,
        body.approval,
        'lineVoid',
        cartId(session.laneCode),
      );
      if (!a.ok) return a;
      return cartOut(
        await rt.lanes.removeLine(session.laneCode, session, params.lineId ?? '', a.value),
      );
    },
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/cart/lines/:lineId/price',
      summary: 'Override a line’s price (approval)',
      body: priceOverrideRequest,
      response: cartView,
    },
    async ({ session, body, params }) => {
      const a = await approvalFrom(
        scope,
        session,
        body.approval,
        'priceOverride',
        cartId(session.laneCode),
      );
      if (!a.ok) return a;
      return cartOut(
        await rt.lanes.overridePrice(
          session.laneCode,
          session,
          params.lineId ?? '',
          body.unitPrice,
          a.value,
        ),
      );
    },
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/cart/discount',
      summary: 'Manual discount on a line or the order',
      body: discountRequest,
      response: cartView,
    },
    async ({ session, body }) => {
      const a = await approvalFrom(
        scope,
        session,
        body.approval,
        'manualDiscount',
        cartId(session.laneCode),
      );
      if (!a.ok) return a;
      return cartOut(
        await rt.lanes.discount(session.laneCode, session, body.lineId, body.amount, a.value),
      );
    },
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/cart/member',
      summary: 'Attach a member by phone or member code',
      body: memberRequest,
      response: cartView,
    },
    async ({ session, body }) => {
      if (body.code !== undefined) {
        const r = await rt.lanes.scan(session.laneCode, session, body.code);
        if (r.ok && r.value.cart.member === null)
          return fail('BAD_CODE', '不是会员码 / not a member code');
        return cartOut(r.ok ? ok(r.value) : r);
      }
      return cartOut(
        await rt.lanes.attachMember(session.laneCode, session, { phone: body.phone ?? '' }),
      );
    },
  );

  route(
    {
      method: 'DELETE',
      url: '/api/v1/cart/member',
      summary: 'Detach the member',
      response: cartView,
    },
    async ({ session }) => cartOut(await rt.lanes.attachMember(session.laneCode, session, null)),
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/cart/void',
      summary: 'Void the whole sale (approval, audited)',
      body: voidRequest,
      response: cartView,
    },
    async ({ session, body }) => {
      const a = await approvalFrom(
        scope,
        session,
        body.approval,
        'orderVoid',
        cartId(session.laneCode),
      );
      if (!a.ok) return a;
      return cartOut(await rt.lanes.void(session.laneCode, session, a.value));
    },
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/cart/suspend',
      summary: '挂单: park the sale',
      response: cartView,
    },
    ({ session }) => cartOut(rt.lanes.suspend(session.laneCode)),
  );

  route(
    {
      method: 'GET',
      url: '/api/v1/suspended',
      summary: 'Suspended sales of the store',
      response: z.array(
        z.object({ id: z.string(), lane: z.string(), suspendedAt: z.number(), lines: z.number() }),
      ),
    },
    () => ok(rt.lanes.listSuspended()),
  );

  route(
    {
      method: 'POST',
      url: '/api/v1/suspended/:cartId/resume',
      summary: 'Resume a suspended sale on this lane',
      response: cartView,
    },
    ({ session, params }) =>
      cartOut(rt.lanes.resume(session.laneCode, session, params.cartId ?? '')),
  );
}
