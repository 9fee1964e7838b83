import { err, ok } from '../errors.js';
import { ascii, extractFixed, text, type ScaleCodec, type ScaleReading } from './scale-codec.js';

/**
 * CAS 22-byte continuous frame:
 *   ST|US|OL  ,  NT|GS  ,  id  lamp  ,  data(8: sign + 7)  ' '  unit(2)  CR LF
 * e.g. `ST,NT,\x01\x40,+001.235 kg\r\n`. OL means over or under range (the sign tells which).
 * The lamp byte is not used: stability and net/gross are already in the headers.
 */
const FRAME = 22;

function unitOf(u: string): ScaleReading['displayUnit'] | undefined {
  switch (u.trim().toLowerCase()) {
    case 'kg':
      return 'kg';
    case 'g':
      return 'g';
    case 'lb':
      return 'lb';
    case 'jn':
      return 'jin';
    default:
      return undefined;
  }
}

const FACTOR: Record<ScaleReading['displayUnit'], number> = {
  kg: 1000,
  g: 1,
  lb: 453.59237,
  jin: 500,
};

export const cas22: ScaleCodec = {
  extract: (buf) =>
    extractFixed(
      buf,
      FRAME,
      (b, i) => {
        const h = String.fromCharCode(b[i]!, b[i + 1] ?? 0);
        // A lone last byte may be the start of a header split across chunks.
        return (
          h === 'ST' || h === 'US' || h === 'OL' || (i === b.length - 1 && 'SUO'.includes(h[0]!))
        );
      },
      [
        [2, 0x2c],
        [20, 0x0d],
        [21, 0x0a],
      ],
    ),
  decode(frame) {
    if (frame.length !== FRAME || frame[20] !== 0x0d || frame[21] !== 0x0a) {
      return err({ code: 'BAD_FRAME', message: 'CAS frame is 22 bytes ending CR LF' });
    }
    const t = text(frame);
    const h1 = t.slice(0, 2);
    const h2 = t.slice(3, 5);
    if (
      !['ST', 'US', 'OL'].includes(h1) ||
      !['NT', 'GS'].includes(h2) ||
      t[2] !== ',' ||
      t[5] !== ',' ||
      t[8] !== ','
    ) {
      return err({ code: 'BAD_FRAME', message: `CAS headers "${h1},${h2}" not recognised` });
    }
    const unit = unitOf(t.slice(18, 20));
    if (!unit) return err({ code: 'BAD_FRAME', message: `unknown unit "${t.slice(18, 20)}"` });
    const data = t.slice(9, 17).replace(/ /g, '');
    const negative = data.startsWith('-');
    if (h1 === 'OL') {
      return ok({
        grams: 0,
        tareGrams: 0,
        stable: false,
        overload: !negative,
        underload: negative,
        displayUnit: unit,
      });
    }
    if (!/^[+-]?\d+(\.\d+)?$/.test(data))
      return err({ code: 'BAD_NUMBER', message: `weight "${data}"` });
    return ok({
      grams: Math.round(Number(data) * FACTOR[unit]),
      tareGrams: 0,
      stable: h1 === 'ST',
      overload: false,
      underload: false,
      displayUnit: unit,
    });
  },
  encode(r) {
    const h1 = r.overload || r.underload ? 'OL' : r.stable ? 'ST' : 'US';
    const h2 = r.tareGrams > 0 ? 'NT' : 'GS';
    const value = r.grams / FACTOR[r.displayUnit];
    const decimals = r.displayUnit === 'g' ? 0 : 3;
    const num = Math.abs(value).toFixed(decimals).padStart(7, '0');
    const data =
      h1 === 'OL' ? `${r.underload ? '-' : '+'}       ` : `${r.grams < 0 ? '-' : '+'}${num}`;
    const unit = { kg: 'kg', g: ' g', lb: 'lb', jin: 'jn' }[r.displayUnit];
    return ascii(`${h1},${h2},\x01\x40,${data.slice(0, 8).padEnd(8)} ${unit}\r\n`);
  },
};
