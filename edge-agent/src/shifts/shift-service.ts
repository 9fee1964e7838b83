import { fail, ok, type Order, type Result, type ShiftClosing } from '@mendian/protocol';
import type { AuditJournal } from '../audit/audit-journal.js';
import type { EdgeDatabase } from '../db/edge-database.js';
import { plain } from '../db/plain.js';
import { permits, type Actor, type Approval } from '../staff/permissions.js';
import {
  cashMovement,
  closeShift,
  openShift,
  recordOrder,
  xReport,
  zReport,
  type ShiftState,
  type XReport,
  type ZReport,
} from './shift-ledger.js';

export type ShiftFailure =
  'NO_SHIFT' | 'SHIFT_OPEN' | 'BAD_AMOUNT' | 'BAD_COUNT' | 'APPROVAL_REQUIRED';

/**
 * Open shifts per lane, persisted in the local file after every change; closings become
 * shiftClosings facts (replicated). Cash in/out and closes are audited.
 */
export class ShiftService {
  constructor(
    private readonly db: EdgeDatabase,
    private readonly storeId: string,
    private readonly audit: AuditJournal,
    private readonly now: () => number = Date.now,
  ) {}

  current(lane: string): ShiftState | null {
    const row = this.db.local
      .prepare(`SELECT snapshot FROM shifts WHERE lane = ? AND state = 'open'`)
      .get(lane) as { snapshot: string } | undefined;
    return row ? (JSON.parse(row.snapshot) as ShiftState) : null;
  }

  private save(s: ShiftState, state: 'open' | 'closed', relaxed = false): void {
    (relaxed ? this.db.localRelaxed : this.db.local)
      .prepare(
        `INSERT INTO shifts (id, lane, state, snapshot) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET state = excluded.state, snapshot = excluded.snapshot`,
      )
      .run(s.id, s.laneCode, state, JSON.stringify(s));
  }

  async open(lane: string, actor: Actor, float: number): Promise<Result<ShiftState, ShiftFailure>> {
    if (this.current(lane))
      return fail('SHIFT_OPEN', '本收银台已开班 / a shift is already open on this lane');
    const r = openShift(this.storeId, lane, actor.staffId, float, this.now());
    if (!r.ok) return r;
    this.save(r.value, 'open');
    await this.audit.record({
      action: 'shiftOpen',
      actorId: actor.staffId,
      actorRole: actor.role,
      laneCode: lane,
      subject: r.value.id,
      details: { float },
    });
    return r;
  }

  /** Adds a committed order to its lane's open shift (no-op when the lane has none). */
  record(order: Order): void {
    const s = this.current(order.laneCode);
    // Relaxed: a power cut may lose the last sales' addition to the shift totals (never the
    // orders themselves); cash movements, opening and closing are written with a full sync.
    if (s) this.save(recordOrder(s, order), 'open', true);
  }

  async cash(
    lane: string,
    kind: 'in' | 'out',
    amount: number,
    reason: string,
    actor: Actor,
    approval?: Approval,
  ): Promise<Result<ShiftState, ShiftFailure>> {
    const s = this.current(lane);
    if (!s) return fail('NO_SHIFT', '请先开班 / open a shift first');
    if (!permits(actor, 'cashInOut', approval))
      return fail('APPROVAL_REQUIRED', '需要主管授权 / needs approval', { action: 'cashInOut' });
    const r = cashMovement(s, kind, amount, reason, actor.staffId, this.now());
    if (!r.ok) return r;
    this.save(r.value, 'open');
    await this.audit.record({
      action: kind === 'in' ? 'cashIn' : 'cashOut',
      actorId: actor.staffId,
      actorRole: actor.role,
      laneCode: lane,
      subject: s.id,
      approvedBy: approval?.approvedBy ?? null,
      details: { amount, reason },
    });
    return r;
  }

  x(lane: string): Result<XReport, ShiftFailure> {
    const s = this.current(lane);
    return s ? ok(xReport(s, this.now())) : fail('NO_SHIFT', '本收银台未开班 / no open shift');
  }

  async close(
    lane: string,
    counts: Record<string, number>,
    actor: Actor,
    dayClose: boolean,
    approval?: Approval,
  ): Promise<Result<ShiftClosing, ShiftFailure>> {
    const s = this.current(lane);
    if (!s) return fail('NO_SHIFT', '本收银台未开班 / no open shift');
    if (dayClose && !permits(actor, 'dayClose', approval)) {
      return fail('APPROVAL_REQUIRED', '日结需要经理 / day close needs a manager', {
        action: 'dayClose',
      });
    }
    const r = closeShift(s, counts, actor.staffId, dayClose, this.now());
    if (!r.ok) return r;
    await this.db.rx.shiftClosings.insert(r.value);
    this.save(s, 'closed');
    await this.audit.record({
      action: dayClose ? 'dayClose' : 'shiftClose',
      actorId: actor.staffId,
      actorRole: actor.role,
      laneCode: lane,
      subject: s.id,
      details: {
        expectedCash: r.value.expectedCash,
        countedCash: r.value.countedCash,
        overShort: r.value.overShort,
      },
    });
    return r;
  }

  /** Z report: the shifts closed since the previous day close, up to and including the last one. */
  async z(): Promise<ZReport> {
    const docs = await this.db.rx.shiftClosings.find({ sort: [{ closedAt: 'asc' }] }).exec();
    const all = docs.map((d) => plain<ShiftClosing>(d));
    const lastClose = all.map((c) => c.dayClose).lastIndexOf(true);
    const prevClose = all
      .slice(0, Math.max(0, lastClose))
      .map((c) => c.dayClose)
      .lastIndexOf(true);
    const day = lastClose === -1 ? all : all.slice(prevClose + 1, lastClose + 1);
    return zReport(this.storeId, day);
  }
}
