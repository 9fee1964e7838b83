import { fail, ok, type Order, type Result, type Staff } from '@mendian/protocol';
import type { ReceiptOutput } from '../checkout/tender-service.js';
import type { EdgeDatabase } from '../db/edge-database.js';
import { plain } from '../db/plain.js';
import { receiptDocument, type ReceiptLocale } from './receipt-document.js';
import type { PrintQueue } from './print-queue.js';

/**
 * Turns committed orders into print jobs on the persistent queue. The job id of an order's first
 * print is derived from the order id, so committing or enqueuing twice never prints twice;
 * reprints are new jobs, marked as reprints on the paper.
 */
export class ReceiptService implements ReceiptOutput {
  constructor(
    private readonly db: EdgeDatabase,
    private readonly queue: PrintQueue,
    private readonly opts: {
      storeName: string;
      timeZone: string;
      locale: ReceiptLocale;
      onError?: (e: unknown) => void;
    },
  ) {}

  private async document(order: Order, reprint: boolean): Promise<string> {
    const staff = await this.db.rx.staff.findOne(order.cashierId).exec();
    const cashierName = staff ? plain<Staff>(staff).name : order.cashierId.slice(-6);
    return receiptDocument(order, { ...this.opts, cashierName, reprint });
  }

  printOrder(order: Order, options: { kickDrawer: boolean }): void {
    this.document(order, false)
      .then((document) =>
        this.queue.enqueue({
          jobId: order.id,
          kind: 'receipt',
          ref: order.receiptNo,
          document,
          openDrawer: options.kickDrawer,
        }),
      )
      .catch((e: unknown) => this.opts.onError?.(e));
  }

  async reprint(receiptNo: string): Promise<Result<{ jobId: string }, 'NOT_FOUND'>> {
    const doc = await this.db.rx.orders.findOne({ selector: { receiptNo } }).exec();
    if (!doc) return fail('NOT_FOUND', `没有小票 ${receiptNo} / no such receipt`);
    const order = plain<Order>(doc);
    const jobId = this.queue.enqueue({
      kind: 'receipt',
      ref: receiptNo,
      document: await this.document(order, true),
      openDrawer: false,
    });
    return ok({ jobId });
  }
}
