import { describe, expect, it } from 'vitest';
import {
  chineseModeOff,
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
import { encodeStatus, isStatusByte, parseStatus } from '@mendian/drivers/escpos/status';
import { formatYuan } from '@mendian/drivers/escpos/text-encoding';
import { DriverError } from '@mendian/drivers/errors';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('ESC/POS commands, byte for byte', () => {
  it.each([
    ['ESC @', initialize(), '1b40'],
    ['FS &', chineseModeOn(), '1c26'],
    ['FS .', chineseModeOff(), '1c2e'],
    ['ESC t 0', selectCodePage(0), '1b7400'],
    ['GS V 66 0 (partial cut)', cut(), '1d564200'],
    ['GS V 65 3 (full cut)', cut(false, 3), '1d564103'],
    ['DLE EOT 2', statusQuery(2), '100402'],
    ['ESC p 0 50 100 (pin 2)', drawerKick(2), '1b70003264'],
    ['ESC p 1 25 25 (pin 5)', drawerKick(5, 50, 50), '1b7001' + '19' + '19'],
  ])('%s', (_name, bytes, expected) => {
    expect(hex(bytes)).toBe(expected);
  });

  it('Chinese text is GB18030 and ￥ is the full-width A3A4', () => {
    expect(hex(textLine('合计￥19.50'))).toBe(
      'bacfbcc6' + 'a3a4' + Buffer.from('19.50').toString('hex') + '0a',
    );
    expect(formatYuan(1950)).toBe('￥19.50');
    expect(formatYuan(-5)).toBe('-￥0.05');
    // A 4-byte GB18030 character (outside GBK) survives too.
    expect(hex(textLine('𠀀'))).toBe('9532823' + '6' + '0a');
  });

  it('Code 128 for receipt numbers: height, width, HRI below, code set B, braces doubled', () => {
    expect(hex(code128('SH001-03-00012345'))).toBe(
      '1d6850' +
        '1d7702' +
        '1d4802' +
        '1d6b49' +
        '13' +
        Buffer.from('{BSH001-03-00012345').toString('hex'),
    );
    expect(hex(code128('A{B')).endsWith(Buffer.from('{BA{{B').toString('hex'))).toBe(true);
  });

  it('QR: model 2, size, level M, store with length, print', () => {
    const b = qrCode('AB', { moduleSize: 4 });
    expect(hex(b)).toBe(
      '1d286b0400314132' +
        '00' +
        '1d286b03003143' +
        '04' +
        '1d286b03003145' +
        '31' +
        '1d286b0500315030' +
        '4142' +
        '1d286b0300315130',
    );
  });

  it('raster logo: GS v 0 with width in bytes and height', () => {
    expect(hex(rasterImage(16, 2, Uint8Array.of(0xff, 0x00, 0x0f, 0xf0)))).toBe(
      '1d7630000200' + '0200' + 'ff000ff0',
    );
  });

  it('refuses what a printer would misprint, with a coded error', () => {
    expect(() => drawerKick(2, 200, 100)).toThrow(DriverError);
    expect(() => code128('收据')).toThrow(/printable ASCII/);
    expect(() => textLine('a\u001bb')).toThrow(/control characters/);
    expect(() => rasterImage(8, 2, Uint8Array.of(1))).toThrow(/needs 2 bytes/);
  });

  it('status bytes round-trip and non-status bytes are recognised', () => {
    const s = {
      online: false,
      drawerSignal: true,
      coverOpen: true,
      paperOut: true,
      paperLow: true,
      error: false,
    };
    const bytes = ([1, 2, 4] as const).map((n) => encodeStatus(n, s));
    expect(bytes.every(isStatusByte)).toBe(true);
    expect(parseStatus(bytes[0]!, bytes[1]!, bytes[2]!)).toEqual(s);
    expect(hex(Uint8Array.from(bytes))).toBe('1e' + '36' + '7e');
    expect(isStatusByte(0x00)).toBe(false);
    expect(isStatusByte(0x41)).toBe(false);
  });
});
