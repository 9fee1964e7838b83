import { describe, expect, it } from 'vitest';
import { issueMemberCode, verifyMemberCode } from '@mendian/drivers/barcodes/member-code-verify';
import { parseMemberCode } from '@mendian/drivers/barcodes/member-code';
import { classifyCode } from '@mendian/drivers/barcodes/classify';

const keys = {
  K1: new TextEncoder().encode('chain secret one'),
  K2: new TextEncoder().encode('chain secret two'),
};
const now = Date.UTC(2026, 0, 1, 10, 0, 0);

describe('member QR codes', () => {
  const code = issueMemberCode(keys, 'K1', '88001234', now + 120_000);

  it('uses QR alphanumeric characters only and parses without the key', () => {
    expect(code).toMatch(/^[0-9A-Z:]+$/);
    expect(code.length).toBeLessThanOrEqual(47);
    const p = parseMemberCode(code);
    expect(p.ok && p.value).toMatchObject({
      keyId: 'K1',
      cardNo: '88001234',
      expiresAt: now + 120_000,
    });
    expect(classifyCode(code, { laneState: 'payment' })).toMatchObject({
      ok: true,
      value: { parsed: { kind: 'memberCode' } },
    });
  });

  it('verifies signature and expiry', () => {
    expect(verifyMemberCode(code, keys, now).ok).toBe(true);
    expect(verifyMemberCode(code, keys, now + 121_000)).toMatchObject({
      ok: false,
      error: { code: 'EXPIRED' },
    });
  });

  it('refuses a changed card number, a wrong key and an implausible expiry', () => {
    const forged = code.replace('88001234', '88001235');
    expect(verifyMemberCode(forged, keys, now)).toMatchObject({
      ok: false,
      error: { code: 'BAD_SIGNATURE' },
    });
    const otherKey = issueMemberCode({ K1: keys.K2 }, 'K1', '88001234', now + 60_000);
    expect(verifyMemberCode(otherKey, keys, now)).toMatchObject({
      ok: false,
      error: { code: 'BAD_SIGNATURE' },
    });
    const longLived = issueMemberCode(keys, 'K2', '88001234', now + 86_400_000);
    expect(verifyMemberCode(longLived, keys, now)).toMatchObject({
      ok: false,
      error: { code: 'EXPIRED' },
    });
    expect(verifyMemberCode('MDM1:K9:88001234:ABCDEF:0123456789ABCDEF', keys, now)).toMatchObject({
      ok: false,
      error: { code: 'BAD_SIGNATURE' },
    });
  });

  it('malformed member codes say why', () => {
    expect(parseMemberCode('MDM1:K1:88')).toMatchObject({
      ok: false,
      error: { code: 'BAD_LENGTH' },
    });
    expect(parseMemberCode('hello')).toMatchObject({
      ok: false,
      error: { code: 'NOT_THIS_FORMAT' },
    });
  });
});
