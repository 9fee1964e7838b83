import { describe, expect, it } from 'vitest';
import { Display2x20State, encode2x20 } from '@mendian/drivers/displays/epson-2x20';
import { encodeLed8, Led8State } from '@mendian/drivers/displays/led8';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('2x20 customer display', () => {
  it('byte fixture: init, clear, cursor to row 1 and 2, padded text', () => {
    const b = encode2x20(['TOTAL', '12.50'], 'ascii');
    expect(hex(b.subarray(0, 7))).toBe('1b400c' + '1f240101');
    expect(b.length).toBe(3 + 2 * (4 + 20));
    const s = new Display2x20State(20, 'ascii');
    expect(s.apply(b).ok).toBe(true);
    expect(s.lines).toEqual(['TOTAL', '12.50']);
  });
  it('Chinese on a GB VFD: two columns per character, truncated at 20', () => {
    const b = encode2x20(['合计 ￥27.85', '欢迎光临欢迎光临欢迎光临'], 'gb18030');
    const s = new Display2x20State(20, 'gb18030');
    expect(s.apply(b).ok).toBe(true);
    expect(s.lines).toEqual(['合计 ￥27.85', '欢迎光临欢迎光临欢迎光临'.slice(0, 10)]);
  });
  it('non-ASCII on an ASCII display becomes ?', () => {
    const s = new Display2x20State();
    s.apply(encode2x20(['价格 1.00'], 'ascii'));
    expect(s.lines[0]).toBe('?? 1.00');
  });
  it('unknown commands are errors', () => {
    expect(new Display2x20State().apply(Uint8Array.of(0x1b, 0x21))).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_OPCODE' },
    });
  });
});

describe('8-digit LED price display', () => {
  it('byte fixture: ESC @, ESC s 2 (total lamp), ESC Q A 27.85 CR', () => {
    const r = encodeLed8(2785, 'total');
    expect(r.ok && hex(r.value)).toBe(
      '1b40' + '1b7332' + '1b5141' + Buffer.from('27.85').toString('hex') + '0d',
    );
  });
  it('simulator state follows; more than 8 digits is refused', () => {
    const s = new Led8State();
    const r = encodeLed8(1_000_000, 'change');
    expect(r.ok && s.apply(r.value).ok).toBe(true);
    expect([s.mode, s.text]).toEqual(['change', '10000.00']);
    expect(encodeLed8(1_000_000_000, 'total')).toMatchObject({
      ok: false,
      error: { code: 'TOO_WIDE' },
    });
    expect(s.apply(Uint8Array.of(0x1b, 0x73, 0x39))).toMatchObject({
      ok: false,
      error: { code: 'BAD_ARGUMENT' },
    });
  });
});
