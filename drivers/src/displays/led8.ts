import { err, ok, type Result } from '../errors.js';

/**
 * The Chinese 8-digit LED price display: `ESC @` initialise, `ESC s n` lights one label lamp
 * ('0' none, '1' 单价 price, '2' 总计 total, '3' 收款 collect, '4' 找零 change), `ESC Q A digits
 * CR` shows a number (up to 8 digits; '.' and '-' take no digit position), `FF` clears.
 */
export type Led8Mode = 'none' | 'price' | 'total' | 'collect' | 'change';
const LAMPS: readonly Led8Mode[] = ['none', 'price', 'total', 'collect', 'change'];

export function formatLedAmount(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const s = `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return s;
}

export function encodeLed8(
  fen: number,
  mode: Led8Mode,
): Result<Uint8Array, { code: 'TOO_WIDE'; message: string }> {
  const digits = formatLedAmount(fen);
  if (digits.replace(/[.-]/g, '').length > 8) {
    return err({ code: 'TOO_WIDE', message: `${digits} does not fit 8 digits` });
  }
  return ok(
    Uint8Array.from([
      0x1b,
      0x40,
      0x1b,
      0x73,
      0x30 + LAMPS.indexOf(mode),
      0x1b,
      0x51,
      0x41,
      ...Array.from(digits, (c) => c.charCodeAt(0)),
      0x0d,
    ]),
  );
}

/** Simulator side. */
export class Led8State {
  mode: Led8Mode = 'none';
  text = '';
  apply(
    bytes: Uint8Array,
  ): Result<void, { code: 'UNKNOWN_OPCODE' | 'TRUNCATED' | 'BAD_ARGUMENT'; message: string }> {
    let i = 0;
    while (i < bytes.length) {
      const c = bytes[i]!;
      if (c === 0x0c) {
        this.text = '';
        i++;
        continue;
      }
      if (c !== 0x1b)
        return err({
          code: 'UNKNOWN_OPCODE',
          message: `byte 0x${c.toString(16)} outside a command`,
        });
      const op = bytes[i + 1];
      if (op === 0x40) {
        this.mode = 'none';
        this.text = '';
        i += 2;
      } else if (op === 0x73) {
        const n = bytes[i + 2];
        if (n === undefined) return err({ code: 'TRUNCATED', message: 'ESC s without n' });
        const mode = LAMPS[n - 0x30];
        if (!mode) return err({ code: 'BAD_ARGUMENT', message: `ESC s ${n}` });
        this.mode = mode;
        i += 3;
      } else if (op === 0x51 && bytes[i + 2] === 0x41) {
        const end = bytes.indexOf(0x0d, i + 3);
        if (end < 0) return err({ code: 'TRUNCATED', message: 'ESC Q A without CR' });
        const t = String.fromCharCode(...bytes.subarray(i + 3, end));
        if (!/^-?[0-9.]*$/.test(t) || t.replace(/[.-]/g, '').length > 8) {
          return err({ code: 'BAD_ARGUMENT', message: `"${t}" is not an 8-digit number` });
        }
        this.text = t;
        i = end + 1;
      } else {
        return err({ code: 'UNKNOWN_OPCODE', message: `ESC 0x${(op ?? 0).toString(16)}` });
      }
    }
    return ok(undefined);
  }
}
