import { ok, returnRequest } from '@mendian/protocol';
import type { ApiScope } from './server.js';
import { approvalFrom } from './routes-cart.js';

export function registerReturnRoutes(scope: ApiScope): void {
  const { route, rt } = scope;
  route(
    {
      method: 'GET',
      url: '/api/v1/returns/:receiptNo',
      summary: 'Scan a receipt: its lines and what is left to refund',
    },
    async ({ params }) => {
      const r = await rt.returns.lookup(params.receiptNo ?? '');
      return r.ok ? ok({ sale: r.value.sale, foreign: r.value.foreign, lines: r.value.lines }) : r;
    },
  );
  route(
    {
      method: 'POST',
      url: '/api/v1/returns',
      summary: 'Refund chosen lines and quantities (retry-safe by returnId)',
      body: returnRequest,
    },
    async ({ session, body }) => {
      const action = body.approval
        ? (await rt.returns.lookup(body.receiptNo)).ok
          ? 'refund'
          : 'refundForeignReceipt'
        : 'refund';
      const a = await approvalFrom(scope, session, body.approval, action, body.receiptNo);
      if (!a.ok) return a;
      const r = await rt.returns.refund({
        returnId: body.returnId,
        receiptNo: body.receiptNo,
        laneCode: session.laneCode,
        lines: body.lines,
        actor: session,
        refundTo: body.refundTo,
        ...(a.value ? { approval: a.value } : {}),
      });
      return r.ok ? ok({ order: r.value.order, duplicate: r.value.duplicate }) : r;
    },
  );
}
