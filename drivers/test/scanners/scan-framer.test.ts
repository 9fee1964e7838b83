import { describe, expect, it } from 'vitest';
import { ScanFramer } from '@mendian/drivers/scanners/scan-framer';
import { decodeHidPosReport, encodeHidPosReports } from '@mendian/drivers/scanners/hid-pos';
import { decodeScanText } from '@mendian/drivers/scanners/scanner-driver';
import { encodeGb18030 } from '@mendian/drivers/escpos/text-encoding';

const b = (s: string): Uint8Array => new TextEncoder().encode(s);
const txt = (u: Uint8Array): string => new TextDecoder().decode(u);

describe('serial scan framing', () => {
  it('CR suffix, split across chunks', () => {
    const f = new ScanFramer({ suffix: 'cr', interByteTimeoutMs: 50 });
    expect(f.push(b('69012'), 0)).toEqual([]);
    const out = f.push(b('34567892\r7351'), 5);
    expect(out.map((x) => txt(x.bytes))).toEqual(['6901234567892']);
    expect(txt(out[0]!.raw)).toBe('6901234567892\r');
    expect(f.push(b('3537\r'), 10).map((x) => txt(x.bytes))).toEqual(['73513537']);
  });

  it('CR LF suffix; LF mode also drops a CR the scanner sends anyway', () => {
    const crlf = new ScanFramer({ suffix: 'crlf', interByteTimeoutMs: 50 });
    expect(crlf.push(b('ABC\r\nDEF\r\n'), 0).map((x) => txt(x.bytes))).toEqual(['ABC', 'DEF']);
    const lf = new ScanFramer({ suffix: 'lf', interByteTimeoutMs: 50 });
    expect(lf.push(b('ABC\r\n'), 0).map((x) => txt(x.bytes))).toEqual(['ABC']);
  });

  it('no suffix: the inter-byte timeout ends a code', () => {
    const f = new ScanFramer({ suffix: 'none', interByteTimeoutMs: 50 });
    f.push(b('6901234'), 0);
    f.push(b('567892'), 20);
    expect(f.expire(40)).toBeUndefined();
    expect(txt(f.expire(80)!.bytes)).toBe('6901234567892');
    // A new chunk after a long pause closes the previous code first.
    f.push(b('AAA'), 100);
    expect(f.push(b('BBB'), 300).map((x) => txt(x.bytes))).toEqual(['AAA']);
  });

  it('strips a prefix byte', () => {
    const f = new ScanFramer({ suffix: 'cr', interByteTimeoutMs: 50, prefix: Uint8Array.of(0x02) });
    expect(f.push(Uint8Array.of(0x02, 0x41, 0x42, 0x0d), 0).map((x) => txt(x.bytes))).toEqual([
      'AB',
    ]);
  });
});

describe('HID-POS reports (usage page 0x8C)', () => {
  it('round-trips a long code over continuation reports with the AIM id', () => {
    const data = b('0109501101020917' + '10' + 'A'.repeat(80));
    const reports = encodeHidPosReports(']C1', data);
    expect(reports).toHaveLength(2);
    const chunks = reports.map((r) => decodeHidPosReport(r));
    expect(chunks.every((c) => c.ok)).toBe(true);
    const parts = chunks.flatMap((c) => (c.ok ? [c.value] : []));
    expect(parts.map((p) => p.more)).toEqual([true, false]);
    expect(parts[0]!.aimId).toBe(']C1');
    expect(txt(Uint8Array.from(parts.flatMap((p) => [...p.data])))).toBe(txt(data));
  });

  it('refuses other reports and lengths past the end', () => {
    expect(decodeHidPosReport(Uint8Array.of(0x01, 0, 0))).toMatchObject({
      ok: false,
      error: { code: 'NOT_SCAN_REPORT' },
    });
    const r = new Uint8Array(64);
    r[0] = 2;
    r[1] = 200;
    expect(decodeHidPosReport(r)).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } });
  });
});

describe('scanned text encoding', () => {
  it('UTF-8 as sent, GBK from a scanner in its Chinese factory setting', () => {
    expect(decodeScanText(new TextEncoder().encode('会员 8800'))).toBe('会员 8800');
    expect(decodeScanText(encodeGb18030('会员 8800'))).toBe('会员 8800');
    expect(decodeScanText(b('6901234567892'))).toBe('6901234567892');
  });
});
