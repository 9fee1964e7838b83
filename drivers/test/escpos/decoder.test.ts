import { describe, expect, it } from 'vitest';
import {
  concat,
  chineseModeOn,
  code128,
  cut,
  drawerKick,
  initialize,
  qrCode,
  rasterImage,
  selectCodePage,
  statusQuery,
  textLine,
} from '@mendian/drivers/escpos/commands';
import { decodeEscPos, EscPosDecoder } from '@mendian/drivers/escpos/decoder';
import { renderReceipt, renderReceiptText } from '@mendian/drivers/escpos/render';
import { seededRandom } from '@mendian/drivers/simulators/prng';
import { displayWidth } from '@mendian/drivers/escpos/text-encoding';

const RECEIPT = `^^^全家便利店 上海一号店
收银员 张三  2026-01-01 10:00
-
|商品 | 数量| 金额|
|农夫山泉 550ml | 2| ￥4.00|
|苹果 红富士 (称重 1.500kg) | 1| ￥14.85|
|Coca-Cola 可口可乐 | 3| ￥9.00|
-
|^合计 | ^￥27.85|
|微信支付 | ￥27.85|
{code:SH001-03-00012345; option:code128,2,60,hri}
谢谢惠顾 欢迎再次光临
`;

// Compared without spacing and rule characters: receiptline's text target spreads double-width
// characters with spaces, the printer positions them with ESC $; the characters must be equal.
const squash = (line: string): string => line.replace(/[\s─┌┐└┘├┤┬┴┼│-]/g, '');

describe('ESC/POS test decoder', () => {
  it('decodes our own commands into lines and events', () => {
    const job = concat([
      initialize(),
      chineseModeOn(),
      textLine('合计 ￥19.50'),
      code128('SH001-03-00012345'),
      qrCode('MDM1:K1:88001234:T5X2A0:0123456789ABCDEF'),
      rasterImage(8, 1, Uint8Array.of(0xaa)),
      drawerKick(5),
      statusQuery(4),
      cut(),
    ]);
    const r = decodeEscPos(job);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.lines).toEqual(['合计 ￥19.50']);
    expect(r.value.events).toEqual([
      { type: 'init' },
      { type: 'chineseMode', on: true },
      { type: 'line', text: '合计 ￥19.50' },
      { type: 'barcode', system: 73, data: 'SH001-03-00012345' },
      { type: 'qr', data: 'MDM1:K1:88001234:T5X2A0:0123456789ABCDEF' },
      { type: 'image', width: 8, height: 1 },
      { type: 'drawer', pin: 5, onMs: 100, offMs: 200 },
      { type: 'statusQuery', n: 4 },
      { type: 'cut', partial: true },
    ]);
  });

  it('a Chinese receipt rendered by receiptline reads back as receiptline renders it as text', () => {
    const bytes = renderReceipt(RECEIPT, { cpl: 48, encoding: 'gb18030', cutting: true });
    const r = decodeEscPos(bytes);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const printed = r.value.lines.map(squash).filter((l) => l !== '');
    const expected = renderReceiptText(RECEIPT, 48)
      .map(squash)
      .filter((l) => l !== '');
    expect(printed).toEqual(expected);
    // The long name wraps inside its column, the amount stays on the first line.
    expect(printed).toContain('苹果红富士(称1￥14.85');
    expect(printed).toContain('重1.500kg)');
    expect(r.value.events).toContainEqual({
      type: 'barcode',
      system: 73,
      data: 'SH001-03-00012345',
    });
    expect(r.value.events.filter((e) => e.type === 'cut')).toHaveLength(1);
    // Chinese mode is switched on before Chinese text, and the ￥ is full-width (GBK A3A4).
    expect(r.value.events).toContainEqual({ type: 'chineseMode', on: true });
    expect(Buffer.from(bytes).includes(Buffer.from([0xa3, 0xa4]))).toBe(true);
  });

  it('double-width lines keep their columns: amounts end at the right margin', () => {
    const bytes = renderReceipt('|品名 | ￥1.00|\n|很长很长的商品名称 | ￥100.00|\n', {
      cpl: 32,
      encoding: 'gb18030',
      cutting: false,
    });
    const r = decodeEscPos(bytes);
    expect(
      r.ok && r.value.lines.slice(0, 3).map((l) => [l.trim().split(/\s+/), displayWidth(l)]),
    ).toEqual([
      [['品名', '￥1.00'], 32],
      [['很长很长的商品', '￥100.00'], 32],
      [['名称'], 4],
    ]);
  });

  it('a half-width ¥ never reaches a GBK head as 81 30 84 36 ("0 6")', () => {
    const bytes = Buffer.from(
      renderReceipt('|合计 | ¥12.50|\n', { cpl: 32, encoding: 'gb18030', cutting: false }),
    );
    expect(bytes.includes(Buffer.from([0x81, 0x30, 0x84, 0x36]))).toBe(false);
    expect(bytes.includes(Buffer.from([0xa3, 0xa4]))).toBe(true);
    const r = decodeEscPos(bytes);
    expect(r.ok && r.value.lines[0]!.replace(/\s+/g, '')).toBe('合计￥12.50');
  });

  it('an opcode outside the subset fails with its offset', () => {
    const r = decodeEscPos(concat([initialize(), Uint8Array.of(0x1b, 0x5a, 0x00)]));
    expect(r).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_OPCODE', offset: 2, message: 'ESC 0x5a' },
    });
    expect(decodeEscPos(Uint8Array.of(0x1d, 0x6b, 73, 10, 65))).toMatchObject({
      ok: false,
      error: { code: 'TRUNCATED' },
    });
    expect(decodeEscPos(Uint8Array.of(0x07))).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_OPCODE' },
    });
  });

  it('records code page changes', () => {
    const r = decodeEscPos(concat([selectCodePage(16), Uint8Array.of(0x80, 0x0a)]));
    expect(r.ok && r.value).toEqual({
      events: [
        { type: 'codePage', page: 16 },
        { type: 'line', text: '€' },
      ],
      lines: ['€'],
    });
  });

  it('streaming: a job split at every byte position decodes the same as in one piece', () => {
    const bytes = renderReceipt(RECEIPT, { cpl: 48, encoding: 'gb18030', cutting: true });
    const whole = decodeEscPos(bytes);
    expect(whole.ok).toBe(true);
    const random = seededRandom(9);
    for (let trial = 0; trial < 30; trial++) {
      const d = new EscPosDecoder();
      let pos = 0;
      while (pos < bytes.length) {
        const n = 1 + Math.floor(random() * 40);
        expect(d.push(bytes.subarray(pos, pos + n)).ok).toBe(true);
        pos += n;
      }
      expect(d.push(new Uint8Array(0), true).ok).toBe(true);
      expect(d.events).toEqual(whole.ok ? whole.value.events : []);
    }
  });

  it('fuzz: random bytes never throw, only typed errors (5 000 inputs, seed 7)', () => {
    const random = seededRandom(7);
    const valid = concat([initialize(), chineseModeOn(), textLine('测试'), cut()]);
    const codes = new Set(['UNKNOWN_OPCODE', 'TRUNCATED', 'BAD_ARGUMENT']);
    let errors = 0;
    for (let i = 0; i < 5000; i++) {
      const len = Math.floor(random() * 64);
      const b = new Uint8Array(len);
      for (let k = 0; k < len; k++)
        b[k] =
          random() < 0.3
            ? [0x1b, 0x1d, 0x1c, 0x10, 0x0a][Math.floor(random() * 5)]!
            : Math.floor(random() * 256);
      // Half the inputs are a valid job with random corruption, to reach deeper states.
      const input =
        random() < 0.5 ? b : concat([valid.subarray(0, Math.floor(random() * valid.length)), b]);
      const r = decodeEscPos(input);
      if (!r.ok) {
        errors++;
        expect(codes.has(r.error.code)).toBe(true);
        expect(r.error.offset).toBeGreaterThanOrEqual(0);
        expect(r.error.offset).toBeLessThanOrEqual(input.length);
      }
    }
    expect(errors).toBeGreaterThan(1000);
  });
});
