import { fail, ok } from '@mendian/protocol';
import type { ReceiptWiring } from '../receipts/receipt-wiring.js';
import type { RouteRegistrar } from './server.js';

/** Reprint and the print queue, when the edge has a printer. */
export function receiptRoutes(wiring: ReceiptWiring): RouteRegistrar {
  return ({ route }) => {
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
