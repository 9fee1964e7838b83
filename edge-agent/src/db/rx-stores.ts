import type { AuditEntry, Member, Staff } from '@mendian/protocol';
import type { AuditStore } from '../audit/audit-journal.js';
import type { StaffLookup } from '../staff/staff-directory.js';
import type { EdgeDatabase } from './edge-database.js';
import { plain } from './plain.js';

/** The audit journal kept in the replicated auditEntries collection. */
export function rxAuditStore(db: EdgeDatabase): AuditStore {
  return {
    async last(storeId) {
      const doc = await db.rx.auditEntries
        .findOne({ selector: { storeId }, sort: [{ seq: 'desc' }] })
        .exec();
      return doc ? plain<AuditEntry>(doc) : null;
    },
    async append(entry) {
      await db.rx.auditEntries.insert(entry);
    },
  };
}

export function rxStaffLookup(db: EdgeDatabase): StaffLookup {
  return {
    async byStaffNo(staffNo) {
      const doc = await db.rx.staff.findOne({ selector: { staffNo } }).exec();
      return doc ? plain<Staff>(doc) : null;
    },
  };
}

/** A member by phone number or member card number. */
export async function findMember(
  db: EdgeDatabase,
  key: { phone?: string; cardNo?: string },
): Promise<Member | null> {
  const selector = key.phone !== undefined ? { phone: key.phone } : { cardNo: key.cardNo ?? '' };
  const doc = await db.rx.members.findOne({ selector }).exec();
  if (!doc) return null;
  const m = plain<Member>(doc);
  return m.status === 'active' ? m : null;
}
