import { fail, ok } from '@mendian/protocol';
import { xReportDocument, zReportDocument } from '../receipts/report-document.js';
import type { ReceiptWiring } from '../receipts/receipt-wiring.js';
import { permits } from '../staff/permissions.js';
import type { RouteRegistrar } from './server.js';
import { approvalFrom } from './routes-cart.js';
import { voidRequest } from '@mendian/protocol';

/** Reprint and the print queue, when the edge has a printer. */
export function receiptRoutes(wiring: ReceiptWiring): RouteRegistrar {
  return (scope) => {
    const { route, rt } = scope;
    const storeName = async () =>
      (await rt.db.rx.stores.findOne(rt.config.storeId).exec())?.name.zh ?? rt.config.storeCode;
    route(
      { method: 'POST', url: '/api/v1/shift/x/print', summary: 'Print the X report of the lane' },
      async ({ session }) => {
        const x = rt.shifts.x(session.laneCode);
        if (!x.ok) return x;
        if (!wiring.queue) return fail('NOT_FOUND', '未配置打印机 / no printer configured');
        const document = xReportDocument(x.value, await storeName(), rt.config.timeZone);
        return ok({
          jobId: wiring.queue.enqueue({
            kind: 'report',
            ref: `X:${x.value.id}`,
            document,
            openDrawer: false,
          }),
        });
      },
    );
    route(
      {
        method: 'POST',
        url: '/api/v1/reports/z/print',
        summary: 'Print the Z report of the last closed day',
      },
      async () => {
        if (!wiring.queue) return fail('NOT_FOUND', '未配置打印机 / no printer configured');
        const z = await rt.shifts.z();
        const document = zReportDocument(z, await storeName(), rt.config.timeZone);
        return ok({
          jobId: wiring.queue.enqueue({
            kind: 'report',
            ref: `Z:${z.to}`,
            document,
            openDrawer: false,
          }),
        });
      },
    );
    route(
      {
        method: 'POST',
        url: '/api/v1/drawer/open',
        summary: 'No-sale drawer open (supervisor; audited)',
        body: voidRequest,
      },
      async ({ session, body }) => {
        const a = await approvalFrom(scope, session, body.approval, 'noSaleDrawerOpen', null);
        if (!a.ok) return a;
        if (!permits(session, 'noSaleDrawerOpen', a.value)) {
          return fail(
            'APPROVAL_REQUIRED',
            '开钱箱需要主管授权 / opening the drawer needs approval',
            { action: 'noSaleDrawerOpen' },
          );
        }
        if (!wiring.queue) return fail('NOT_FOUND', '未配置打印机 / no printer configured');
        await rt.audit.record({
          action: 'noSaleDrawerOpen',
          actorId: session.staffId,
          actorRole: session.role,
          laneCode: session.laneCode,
          approvedBy: a.value?.approvedBy ?? null,
        });
        const document = `开钱箱 No sale | ${session.staffNo}\n`;
        return ok({
          jobId: wiring.queue.enqueue({
            kind: 'report',
            ref: 'drawer',
            document,
            openDrawer: true,
          }),
        });
      },
    );
    route(
      {
        method: 'POST',
        url: '/api/v1/receipts/:receiptNo/reprint',
        summary: 'Reprint a receipt (marked 重印)',
      },
      async ({ params }) => {
        if (!wiring.service) return fail('NOT_FOUND', '未配置打印机 / no printer configured');
        return wiring.service.reprint(params.receiptNo ?? '');
      },
    );
    route(
      {
        method: 'GET',
        url: '/api/v1/print-jobs',
        summary: 'Print jobs not yet printed (queued, uncertain, failed)',
      },
      () => ok(wiring.queue ? wiring.queue.list().filter((j) => j.status !== 'printed') : []),
    );
  };
}
