import type { TenderMethod } from '@mendian/protocol';
import type { LocalDb } from '../db/local-db.js';

/**
 * pending: written before the gateway is called; outcome not known yet.
 * succeeded: money taken, the order not committed yet. committed: part of a committed order.
 * failed: declined, no money taken. reversed: cancelled or paid back (撤销).
 */
export type IntentStatus = 'pending' | 'succeeded' | 'committed' | 'failed' | 'reversed';

export interface PaymentIntent {
  id: string;
  cartId: string;
  method: TenderMethod;
  amount: number;
  status: IntentStatus;
  reference: string | null;
  detail: string | null;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: string;
  cart_id: string;
  method: string;
  amount: number;
  status: string;
  reference: string | null;
  detail: string | null;
  created_at: number;
  updated_at: number;
}

function fromRow(r: Row): PaymentIntent {
  return {
    id: r.id,
    cartId: r.cart_id,
    method: r.method as TenderMethod,
    amount: r.amount,
    status: r.status as IntentStatus,
    reference: r.reference,
    detail: r.detail,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Payment intents in the local SQLite file; every write is committed before it returns. */
export class IntentStore {
  /**
   * `relaxed` (optional) takes the committed marks: recovery checks that the order exists before
   * anything else, so losing a mark in a power cut changes nothing.
   */
  constructor(
    private readonly db: LocalDb,
    private readonly relaxed: LocalDb = db,
  ) {}

  create(i: Omit<PaymentIntent, 'status' | 'reference' | 'detail' | 'updatedAt'>): PaymentIntent {
    this.db
      .prepare(
        `INSERT INTO payment_intents (id, cart_id, method, amount, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
      )
      .run(i.id, i.cartId, i.method, i.amount, i.createdAt, i.createdAt);
    return { ...i, status: 'pending', reference: null, detail: null, updatedAt: i.createdAt };
  }

  settle(
    id: string,
    status: IntentStatus,
    at: number,
    reference?: string | null,
    detail?: string | null,
  ): void {
    this.db
      .prepare(
        `UPDATE payment_intents SET status = ?, updated_at = ?,
           reference = COALESCE(?, reference), detail = COALESCE(?, detail) WHERE id = ?`,
      )
      .run(status, at, reference ?? null, detail ?? null, id);
  }

  markCommitted(ids: readonly string[], at: number): void {
    const stmt = this.relaxed.prepare(
      `UPDATE payment_intents SET status = 'committed', updated_at = ? WHERE id = ?`,
    );
    this.relaxed.transaction(() => ids.forEach((id) => stmt.run(at, id)))();
  }

  get(id: string): PaymentIntent | null {
    const r = this.db.prepare(`SELECT * FROM payment_intents WHERE id = ?`).get(id) as
      Row | undefined;
    return r ? fromRow(r) : null;
  }

  byStatus(...statuses: IntentStatus[]): PaymentIntent[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM payment_intents WHERE status IN (${statuses.map(() => '?').join(',')}) ORDER BY created_at`,
      )
      .all(...statuses) as Row[];
    return rows.map(fromRow);
  }

  forCart(cartId: string): PaymentIntent[] {
    return (
      this.db
        .prepare(`SELECT * FROM payment_intents WHERE cart_id = ? ORDER BY created_at`)
        .all(cartId) as Row[]
    ).map(fromRow);
  }
}
