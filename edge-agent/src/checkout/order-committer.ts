import { formatReceiptNumber, type Order } from '@mendian/protocol';
import type { EdgeDatabase } from '../db/edge-database.js';
import { plain } from '../db/plain.js';
import { pointsEntriesFor, stockMovementsFor } from './derived-facts.js';
import { ReceiptSequence } from './receipt-sequence.js';

export interface CommitOutcome {
  order: Order;
  /** True when an order with this id was already committed: nothing new was written. */
  duplicate: boolean;
}

/**
 * Commits orders. The order document is the one atomic write (one SQLite transaction in the
 * storage); stock movements and points entries are derived from it afterwards with deterministic
 * ids, and `ensureDerived` re-derives after a crash. A retried commit with the same order id
 * returns the order already committed, never a second one.
 */
export class OrderCommitter {
  private readonly sequence: ReceiptSequence;
  private readonly floors = new Map<string, number>();
  private tail: Promise<unknown> = Promise.resolve();
  private deriving: Promise<unknown> = Promise.resolve();
  /** Reported when a background derivation fails (it is redone by ensureDerived on start). */
  onDeriveError: (orderId: string, error: unknown) => void = () => undefined;

  constructor(
    private readonly db: EdgeDatabase,
    private readonly storeCode: string,
  ) {
    this.sequence = new ReceiptSequence(db.localRelaxed);
  }

  async findOrder(id: string): Promise<Order | null> {
    const doc = await this.db.rx.orders.findOne(id).exec();
    return doc ? plain<Order>(doc) : null;
  }

  async findByReceipt(receiptNo: string): Promise<Order | null> {
    const doc = await this.db.rx.orders.findOne({ selector: { receiptNo } }).exec();
    return doc ? plain<Order>(doc) : null;
  }

  /** The highest sequence this lane has in committed orders (once per lane per process). */
  private async floor(lane: string): Promise<number> {
    const known = this.floors.get(lane);
    if (known !== undefined) return known;
    const prefix = `${this.storeCode}-${lane}-`;
    const last = await this.db.rx.orders
      .findOne({
        selector: { receiptNo: { $gte: prefix, $lt: `${prefix}:` } },
        sort: [{ receiptNo: 'desc' }],
      })
      .exec();
    const seq = last ? Number(last.receiptNo.slice(prefix.length)) : 0;
    this.floors.set(lane, seq);
    return seq;
  }

  /** Serialised per process, so two lanes committing at once never interleave a sequence. */
  commit(
    orderId: string,
    lane: string,
    build: (receiptNo: string) => Order,
  ): Promise<CommitOutcome> {
    const run = this.tail.then(async (): Promise<CommitOutcome> => {
      const existing = await this.findOrder(orderId);
      if (existing) return { order: existing, duplicate: true };
      const seq = this.sequence.next(lane, await this.floor(lane));
      const order = build(
        formatReceiptNumber({ storeCode: this.storeCode, laneCode: lane, sequence: seq }),
      );
      try {
        await this.db.rx.orders.insert(order);
      } catch (e) {
        const again = await this.findOrder(orderId);
        if (again) return { order: again, duplicate: true };
        throw e;
      }
      // Derived facts are written after the answer: the order is the fact, derivation is
      // idempotent and redone on start, so the cashier does not wait for two more fsyncs.
      this.deriving = this.deriving
        // setImmediate: let the caller see the committed order before the derivation's writes.
        .then(() => new Promise((resolve) => setImmediate(resolve)))
        .then(() => this.derive(order))
        .catch((e: unknown) => this.onDeriveError(order.id, e));
      return { order, duplicate: false };
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Resolves when every derivation queued so far is written. */
  async settled(): Promise<void> {
    await this.deriving;
  }

  /** Writes the order's stock movements and points entries; already-present ids are skipped. */
  async derive(order: Order): Promise<void> {
    const stock = stockMovementsFor(order);
    const points = pointsEntriesFor(order);
    for (const r of [
      await this.db.rx.stockMovements.bulkInsert(stock),
      await this.db.rx.pointsEntries.bulkInsert(points),
    ]) {
      const real = r.error.filter((e) => e.status !== 409);
      if (real.length > 0)
        throw new Error(`deriving facts of order ${order.id} failed: status ${real[0]!.status}`);
    }
  }

  /** After a crash: every order since `since` gets its derived facts (idempotent). */
  async ensureDerived(since: number): Promise<number> {
    const docs = await this.db.rx.orders.find({ selector: { createdAt: { $gte: since } } }).exec();
    if (docs.length === 0) return 0;
    // One read of the movements of the period instead of one lookup per order.
    const moves = await this.db.rx.stockMovements
      .find({ selector: { createdAt: { $gte: since } } })
      .exec();
    const have = new Set(moves.map((m) => m.id));
    let fixed = 0;
    for (const d of docs) {
      const order = plain<Order>(d);
      const first = stockMovementsFor(order)[0];
      if (first && have.has(first.id)) continue;
      await this.derive(order);
      fixed++;
    }
    return fixed;
  }
}
