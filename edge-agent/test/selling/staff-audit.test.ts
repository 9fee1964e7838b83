import { describe, expect, test } from 'vitest';
import { staffSchema, ulid, type Staff } from '@mendian/protocol';
import { AuditJournal, MemoryAuditStore } from '../../src/audit/audit-journal.js';
import { verifyChain } from '../../src/audit/hash-chain.js';
import { hashPin, verifyPin } from '../../src/staff/pin-hash.js';
import { can, permits } from '../../src/staff/permissions.js';
import { StaffDirectory } from '../../src/staff/staff-directory.js';

const FAST = { N: 1024, r: 8, p: 1 };
const storeId = ulid();

async function staff(staffNo: string, role: Staff['role'], pin: string): Promise<Staff> {
  return staffSchema.parse({
    schemaVersion: 1,
    id: ulid(),
    storeId,
    staffNo,
    name: `员工${staffNo}`,
    role,
    pinHash: await hashPin(pin, FAST),
    active: true,
    updatedAt: 0,
  });
}

describe('PIN hashing', () => {
  test('hash has the protocol format, verifies the PIN and rejects others', async () => {
    const h = await hashPin('1234');
    expect(() => staffSchema.shape.pinHash.parse(h)).not.toThrow();
    expect(h.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPin('1234', h)).toBe(true);
    expect(await verifyPin('1235', h)).toBe(false);
    expect(await verifyPin('1234', 'plain-1234')).toBe(false);
    expect(await hashPin('1234', FAST)).not.toBe(await hashPin('1234', FAST)); // salted
  });
  test('a PIN that is not 4-8 digits is refused with a coded error', async () => {
    await expect(hashPin('12a4')).rejects.toMatchObject({ code: 'PIN_INVALID' });
  });
});

describe('permission table', () => {
  test.each([
    ['cashier', 'sell', true],
    ['cashier', 'priceOverride', false],
    ['cashier', 'refund', false],
    ['supervisor', 'priceOverride', true],
    ['supervisor', 'refundForeignReceipt', false],
    ['manager', 'refundForeignReceipt', true],
    ['manager', 'dayClose', true],
  ] as const)('%s %s → %s', (role, perm, expected) => {
    expect(can(role, perm)).toBe(expected);
  });
  test('an approval covers only the action it was given for', () => {
    const cashier = { staffId: ulid(), role: 'cashier' as const };
    const approval = {
      approvedBy: ulid(),
      role: 'manager' as const,
      action: 'priceOverride' as const,
      at: 1,
    };
    expect(permits(cashier, 'priceOverride')).toBe(false);
    expect(permits(cashier, 'priceOverride', approval)).toBe(true);
    expect(permits(cashier, 'orderVoid', approval)).toBe(false);
  });
});

describe('staff directory and audit chain', () => {
  async function setup() {
    const people = [await staff('1001', 'cashier', '1111'), await staff('9001', 'manager', '9999')];
    const store = new MemoryAuditStore();
    let t = 1_000;
    const audit = new AuditJournal(storeId, store, () => t++);
    const dir = new StaffDirectory({
      storeId,
      laneCode: '01',
      audit,
      lookup: { byStaffNo: (no) => Promise.resolve(people.find((p) => p.staffNo === no) ?? null) },
      maxFailures: 3,
      lockoutMs: 60_000,
      now: () => t,
    });
    return { people, store, dir };
  }

  test('login, failed login audited, lockout after 3 failures', async () => {
    const { store, dir } = await setup();
    const ok = await dir.login('1001', '1111');
    expect(ok).toMatchObject({ ok: true, value: { role: 'cashier' } });
    expect(await dir.login('1001', '0000')).toMatchObject({ ok: false, code: 'WRONG_PIN' });
    expect(await dir.login('7777', '0000')).toMatchObject({ ok: false, code: 'UNKNOWN_STAFF' });
    await dir.login('1001', '0000');
    await dir.login('1001', '0000');
    // locked: even the right PIN is refused now
    expect(await dir.login('1001', '1111')).toMatchObject({ ok: false, code: 'LOCKED_OUT' });
    const actions = store.entries.map((e) => e.action);
    expect(actions).toEqual(['login', 'loginFailed', 'loginFailed', 'loginFailed', 'loginFailed']);
    expect(verifyChain(store.entries, storeId)).toMatchObject({ ok: true, length: 5 });
  });

  test('manager approval is recorded with who approved; a cashier cannot approve', async () => {
    const { people, store, dir } = await setup();
    const cashier = { staffId: people[0]!.id, role: 'cashier' as const };
    const a = await dir.approve('9001', '9999', 'priceOverride', cashier, 'line-1');
    expect(a).toMatchObject({
      ok: true,
      value: { approvedBy: people[1]!.id, action: 'priceOverride' },
    });
    const other = await staff('1002', 'cashier', '2222');
    expect(
      await dir.approve(
        '1001',
        '1111',
        'priceOverride',
        { staffId: other.id, role: 'cashier' },
        null,
      ),
    ).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    const entry = store.entries.find((e) => e.action === 'approval')!;
    expect(entry.approvedBy).toBe(people[1]!.id);
    expect(entry.details).toEqual({ approved: 'priceOverride' });
  });

  test('tampering is detected: altered details, removed entry, reordered links', async () => {
    const store = new MemoryAuditStore();
    const audit = new AuditJournal(storeId, store);
    await Promise.all(
      ['lineVoid', 'refund', 'noSaleDrawerOpen', 'priceOverride'].map((action) =>
        audit.record({ action: action as 'refund', details: { amount: 100 } }),
      ),
    );
    expect(store.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]); // concurrent appends serialised
    expect(verifyChain(store.entries, storeId)).toMatchObject({ ok: true, length: 4 });

    const altered = store.entries.map((e) => (e.seq === 2 ? { ...e, details: { amount: 1 } } : e));
    expect(verifyChain(altered, storeId)).toEqual({ ok: false, seq: 2, reason: 'hashMismatch' });

    const removed = store.entries.filter((e) => e.seq !== 3);
    expect(verifyChain(removed, storeId)).toEqual({ ok: false, seq: 3, reason: 'gap' });

    // re-hashing an altered entry does not help: the next entry's link breaks
    const { entryHash } = await import('../../src/audit/hash-chain.js');
    const forged = store.entries.map((e) => {
      if (e.seq !== 2) return e;
      const { hash: _h, ...rest } = { ...e, details: { amount: 1 } };
      return { ...rest, hash: entryHash(rest) };
    });
    expect(verifyChain(forged, storeId)).toEqual({ ok: false, seq: 3, reason: 'brokenLink' });
  });
});
