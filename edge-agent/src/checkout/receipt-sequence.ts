import type { LocalDb } from '../db/local-db.js';

/**
 * The lane's receipt sequence: only ever increases, persisted in the local file. `floor` is the
 * highest sequence found in committed orders, so a lost or restored local file can never hand out
 * a number that was already printed.
 */
export class ReceiptSequence {
  constructor(private readonly db: LocalDb) {}

  next(lane: string, floor = 0): number {
    const row = this.db
      .prepare(
        `INSERT INTO lane_sequence (lane, last) VALUES (?, ? + 1)
         ON CONFLICT(lane) DO UPDATE SET last = MAX(last, excluded.last - 1) + 1
         RETURNING last`,
      )
      .get(lane, floor) as { last: number };
    return row.last;
  }

  current(lane: string): number {
    const row = this.db.prepare(`SELECT last FROM lane_sequence WHERE lane = ?`).get(lane) as
      { last: number } | undefined;
    return row?.last ?? 0;
  }
}
