import { EscPosPrinter, TcpTransport, escposPrinter } from '@mendian/drivers';
import type { SellingStrategies } from '../config/selling-runtime.js';
import { PrintQueue, type PrinterPort } from './print-queue.js';
import type { ReceiptLocale } from './receipt-document.js';
import { ReceiptService } from './receipt-service.js';

/** An 80 mm ESC/POS printer with status, drawer and cutter on TCP 9100 (or the simulator). */
export function tcpReceiptPrinter(host: string, port: number): PrinterPort {
  return new EscPosPrinter(
    new TcpTransport({ host, port, connectTimeoutMs: 2000 }),
    escposPrinter({ cpl: 48 }),
  );
}

export interface ReceiptWiring {
  service: ReceiptService | null;
  queue: PrintQueue | null;
}

/**
 * The `receipts` strategy of the selling runtime: a persistent print queue on the printer, whose
 * state changes go to the lane as `printer` events. `holder` receives the service and queue for
 * the API (reprint, job list).
 */
export function receiptsOn(
  printer: PrinterPort,
  opts: { storeName: string; timeZone: string; locale: ReceiptLocale; retryMs?: number },
  holder: ReceiptWiring,
): NonNullable<SellingStrategies['receipts']> {
  return (db, events) => {
    const queue = new PrintQueue({
      db: db.local,
      printer,
      ...(opts.retryMs === undefined ? {} : { retryMs: opts.retryMs }),
      onState: (state, message, jobId) =>
        events.emit('printer', { state, message, ...(jobId ? { jobId } : {}) }),
    });
    const service = new ReceiptService(db, queue, opts);
    holder.service = service;
    holder.queue = queue;
    void queue.kick();
    return {
      printOrder: (order, o) => service.printOrder(order, o),
      stop: () => queue.stop(),
    };
  };
}
