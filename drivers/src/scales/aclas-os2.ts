import { err, ok } from '../errors.js';
import { ascii, extractFixed, text, type ScaleCodec, type ScaleReading } from './scale-codec.js';

/**
 * Aclas (顶尖) OS2 passive protocol, from the OS2 communication manual: the host sends ENQ, the
 * scale answers ACK, the host sends DC1 and the scale answers one weight frame
 *   SOH STX  STA  SIGN  WEIGHT(6 ASCII)  UNIT(2)  BCC  ETX EOT
 * STA 'S' stable, 'U' unstable, 'F' abnormal (over range); SIGN '-' or ' '; UNIT 'kg', 'g ',
 * 'SJ' (市斤, jin), 'LB'; BCC = XOR of STA through the last unit byte.
 */
const SOH = 0x01;
const STX = 0x02;
const ETX = 0x03;
const EOT = 0x04;
const FRAME = 15;

const UNITS: Record<string, ScaleReading['displayUnit']> = {
  kg: 'kg',
  KG: 'kg',
  'g ': 'g',
  G: 'g',
  SJ: 'jin',
  LB: 'lb',
};
const FACTOR: Record<ScaleReading['displayUnit'], number> = {
  kg: 1000,
  g: 1,
  lb: 453.59237,
  jin: 500,
};

const bcc = (b: Uint8Array): number => b.reduce((x, v) => x ^ v, 0);

export const aclasOs2: ScaleCodec = {
  extract: (buf) =>
    extractFixed(buf, FRAME, (b, i) => b[i] === SOH, [
      [1, STX],
      [13, ETX],
      [14, EOT],
    ]),
  decode(frame) {
    if (
      frame.length !== FRAME ||
      frame[0] !== SOH ||
      frame[1] !== STX ||
      frame[13] !== ETX ||
      frame[14] !== EOT
    ) {
      return err({ code: 'BAD_FRAME', message: 'OS2 frame is SOH STX ... BCC ETX EOT, 15 bytes' });
    }
    if (bcc(frame.subarray(2, 12)) !== frame[12])
      return err({ code: 'BAD_CHECKSUM', message: 'OS2 BCC mismatch' });
    const sta = String.fromCharCode(frame[2]!);
    const sign = String.fromCharCode(frame[3]!);
    const weight = text(frame.subarray(4, 10)).trim();
    const unit = UNITS[text(frame.subarray(10, 12))] ?? UNITS[text(frame.subarray(10, 11))];
    if (!'SUF'.includes(sta) || (sign !== '-' && sign !== ' ')) {
      return err({ code: 'BAD_FRAME', message: `status "${sta}" or sign "${sign}"` });
    }
    if (!unit) return err({ code: 'BAD_FRAME', message: `unit "${text(frame.subarray(10, 12))}"` });
    if (sta === 'F') {
      return ok({
        grams: 0,
        tareGrams: 0,
        stable: false,
        overload: sign !== '-',
        underload: sign === '-',
        displayUnit: unit,
      });
    }
    if (!/^\d+(\.\d+)?$/.test(weight))
      return err({ code: 'BAD_NUMBER', message: `weight "${weight}"` });
    const grams = Math.round(Number(weight) * FACTOR[unit]);
    return ok({
      grams: sign === '-' ? -grams : grams,
      tareGrams: 0,
      stable: sta === 'S',
      overload: false,
      underload: false,
      displayUnit: unit,
    });
  },
  encode(r) {
    const sta = r.overload || r.underload ? 'F' : r.stable ? 'S' : 'U';
    const value = Math.abs(r.grams) / FACTOR[r.displayUnit];
    const weight = (r.displayUnit === 'g' ? value.toFixed(0) : value.toFixed(3))
      .padStart(6, ' ')
      .slice(-6);
    const unit = { kg: 'kg', g: 'g ', jin: 'SJ', lb: 'LB' }[r.displayUnit];
    const body = ascii(`${sta}${r.grams < 0 || r.underload ? '-' : ' '}${weight}${unit}`);
    return Uint8Array.from([SOH, STX, ...body, bcc(body), ETX, EOT]);
  },
  poll: [Uint8Array.of(0x05), Uint8Array.of(0x11)],
};

export const ACLAS_ENQ = 0x05;
export const ACLAS_ACK = 0x06;
export const ACLAS_DC1 = 0x11;
