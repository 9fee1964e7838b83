import { err, ok } from '../errors.js';
import { extractFixed, text, type ScaleCodec, type ScaleReading } from './scale-codec.js';

/**
 * Mettler Toledo continuous output: STX, status words A B C, 6 weight digits, 6 tare digits, CR,
 * checksum. Status A bits 0-2: decimal point position; B: bit0 net, bit1 negative, bit2 out of
 * range, bit3 in motion, bit4 kg (else lb); bit 5 of every status word is always set, which is
 * how a misaligned frame is spotted. Checksum: two's complement of the 7-bit sum of STX..CR.
 */
const STX = 0x02;
const CR = 0x0d;

// Decimal point codes 0-7: the power of ten the 6 digits are multiplied by.
const DP_POWER = [2, 1, 0, -1, -2, -3, -4, -5];

function checksum(frame: Uint8Array, end: number): number {
  let sum = 0;
  for (let i = 0; i < end; i++) sum += frame[i]!;
  return (-sum & 0x7f) >>> 0;
}

function toGrams(value: number, power: number, kg: boolean): number {
  const units = value * 10 ** power;
  return Math.round(kg ? units * 1000 : units * 453.59237);
}

export const toledoContinuous: ScaleCodec = {
  extract: (buf) => extractFixed(buf, 18, (b, i) => b[i] === STX, [[16, CR]]),
  decode(frame) {
    if (frame.length !== 18 || frame[0] !== STX || frame[16] !== CR) {
      return err({ code: 'BAD_FRAME', message: 'Toledo frame is STX + 15 bytes + CR + checksum' });
    }
    const [a, b, c] = [frame[1]!, frame[2]!, frame[3]!];
    if ((a & 0x20) === 0 || (b & 0x20) === 0 || (c & 0x20) === 0) {
      return err({ code: 'BAD_FRAME', message: 'status word without its always-set bit 5' });
    }
    if (checksum(frame, 17) !== frame[17]) {
      return err({ code: 'BAD_CHECKSUM', message: 'Toledo checksum mismatch' });
    }
    const w = text(frame.subarray(4, 10));
    const t = text(frame.subarray(10, 16));
    if (!/^[0-9 ]{6}$/.test(w) || !/^[0-9 ]{6}$/.test(t)) {
      return err({ code: 'BAD_NUMBER', message: `weight "${w}" / tare "${t}" are not digits` });
    }
    const power = DP_POWER[a & 0x07]!;
    const kg = (b & 0x10) !== 0;
    const negative = (b & 0x02) !== 0;
    const outOfRange = (b & 0x04) !== 0;
    const grams = toGrams(Number(w.trim() || '0'), power, kg);
    const reading: ScaleReading = {
      grams: negative ? -grams : grams,
      tareGrams: toGrams(Number(t.trim() || '0'), power, kg),
      stable: (b & 0x08) === 0,
      overload: outOfRange && !negative,
      underload: outOfRange && negative,
      displayUnit: kg ? 'kg' : 'lb',
    };
    return ok(reading);
  },
  encode(r) {
    const kg = r.displayUnit !== 'lb';
    // kg with 3 decimals (code 5), lb with 2 (code 4).
    const dp = kg ? 5 : 4;
    const scale = kg ? 1 : 100 / 453.59237;
    const w = Math.min(999_999, Math.round(Math.abs(r.grams) * scale));
    const t = Math.min(999_999, Math.round(r.tareGrams * scale));
    const a = 0x20 | (1 << 3) | dp;
    const b =
      0x20 |
      (r.tareGrams > 0 ? 0x01 : 0) |
      (r.grams < 0 || r.underload ? 0x02 : 0) |
      (r.overload || r.underload ? 0x04 : 0) |
      (r.stable ? 0 : 0x08) |
      (kg ? 0x10 : 0);
    const body = [
      STX,
      a,
      b,
      0x20,
      ...String(w).padStart(6, '0'),
      ...String(t).padStart(6, '0'),
      CR,
    ].map((x) => (typeof x === 'string' ? x.charCodeAt(0) : x));
    const frame = Uint8Array.from([...body, 0]);
    frame[17] = checksum(frame, 17);
    return frame;
  },
  tare: Uint8Array.of(0x54), // 'T'
  zero: Uint8Array.of(0x5a), // 'Z'
};
