import { fail, ok, type Result, type Staff } from '@mendian/protocol';
import type { AuditJournal } from '../audit/audit-journal.js';
import { verifyPin } from './pin-hash.js';
import { can, type Actor, type Approval, type Permission } from './permissions.js';

export interface StaffLookup {
  byStaffNo(staffNo: string): Promise<Staff | null>;
}

export type LoginFailure = 'UNKNOWN_STAFF' | 'WRONG_PIN' | 'INACTIVE' | 'LOCKED_OUT' | 'FORBIDDEN';

export interface StaffDirectoryOptions {
  storeId: string;
  laneCode: string | null;
  lookup: StaffLookup;
  audit: AuditJournal;
  now?: () => number;
  /** Failed PINs in a row before a staff number is locked out for `lockoutMs`. */
  maxFailures?: number;
  lockoutMs?: number;
}

/**
 * Logs staff in by staff number and PIN, and takes approvals by a PIN at the lane. Every failure
 * is audited (loginFailed); repeated failures lock the staff number out for a while, because a
 * 4-digit PIN is otherwise guessed in minutes.
 */
export class StaffDirectory {
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();
  private readonly now: () => number;

  constructor(private readonly opts: StaffDirectoryOptions) {
    this.now = opts.now ?? Date.now;
  }

  private async check(staffNo: string, pin: string): Promise<Result<Staff, LoginFailure>> {
    const f = this.failures.get(staffNo);
    if (f && f.lockedUntil > this.now()) {
      return fail('LOCKED_OUT', '尝试次数过多，请稍后再试 / too many attempts, try later');
    }
    const staff = await this.opts.lookup.byStaffNo(staffNo);
    const storeOk =
      staff !== null && (staff.storeId === null || staff.storeId === this.opts.storeId);
    // Verify even when the staff number is unknown, so timing does not reveal which numbers exist.
    const pinOk = await verifyPin(pin, staff?.pinHash ?? 'scrypt$1024$8$1$AAAA$AAAA');
    if (!staff || !storeOk || !pinOk) {
      const next = (f?.count ?? 0) + 1;
      const max = this.opts.maxFailures ?? 5;
      this.failures.set(staffNo, {
        count: next >= max ? 0 : next,
        lockedUntil: next >= max ? this.now() + (this.opts.lockoutMs ?? 5 * 60_000) : 0,
      });
      await this.opts.audit.record({
        action: 'loginFailed',
        actorId: staff?.id ?? null,
        actorRole: staff?.role ?? null,
        laneCode: this.opts.laneCode,
        subject: staffNo,
        details: { reason: !staff || !storeOk ? 'unknownStaff' : 'wrongPin', attempt: next },
      });
      return !staff || !storeOk
        ? fail('UNKNOWN_STAFF', '工号或密码错误 / wrong staff number or PIN')
        : fail('WRONG_PIN', '工号或密码错误 / wrong staff number or PIN');
    }
    if (!staff.active) return fail('INACTIVE', '该员工已停用 / staff member is inactive');
    this.failures.delete(staffNo);
    return ok(staff);
  }

  async login(
    staffNo: string,
    pin: string,
  ): Promise<Result<Actor & { name: string }, LoginFailure>> {
    const r = await this.check(staffNo, pin);
    if (!r.ok) return r;
    const s = r.value;
    await this.opts.audit.record({
      action: 'login',
      actorId: s.id,
      actorRole: s.role,
      laneCode: this.opts.laneCode,
      subject: s.staffNo,
    });
    return ok({ staffId: s.id, role: s.role, name: s.name });
  }

  /**
   * A supervisor or manager approves `action` for `requester` by entering a PIN. The approval is
   * audited with who approved what; the caller attaches it to the order.
   */
  async approve(
    staffNo: string,
    pin: string,
    action: Permission,
    requester: Actor,
    subject: string | null,
  ): Promise<Result<Approval, LoginFailure>> {
    const r = await this.check(staffNo, pin);
    if (!r.ok) return r;
    const s = r.value;
    if (!can(s.role, action) || s.id === requester.staffId) {
      return fail('FORBIDDEN', `${s.name} 无权批准此操作 / may not approve ${action}`);
    }
    const approval: Approval = { approvedBy: s.id, role: s.role, action, at: this.now() };
    await this.opts.audit.record({
      action: 'approval',
      actorId: requester.staffId,
      actorRole: requester.role,
      laneCode: this.opts.laneCode,
      subject,
      approvedBy: s.id,
      details: { approved: action },
    });
    return ok(approval);
  }
}
