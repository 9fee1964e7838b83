import { DriverError } from '../errors.js';
import { encodeGb18030 } from './text-encoding.js';

/**
 * The ESC/POS commands Mendian emits itself (receiptline renders the receipt body). Each is a
 * pure function returning bytes, named after what it does, with the Epson mnemonic beside it.
 */
const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;
const EOT = 0x04;

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

function byteArg(name: string, v: number, min = 0, max = 255): number {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new DriverError('ENCODE_FAILED', `${name} must be an integer ${min}-${max}, got ${v}`);
  }
  return v;
}

/** ESC @: reset modes; starts every job so a previous job's state cannot leak. */
export const initialize = (): Uint8Array => bytes(ESC, 0x40);
/** FS &: two-byte (Chinese) character mode on. */
export const chineseModeOn = (): Uint8Array => bytes(FS, 0x26);
/** FS .: Chinese mode off, back to the single-byte code page. */
export const chineseModeOff = (): Uint8Array => bytes(FS, 0x2e);
/** ESC t n: single-byte code page. */
export const selectCodePage = (n: number): Uint8Array => bytes(ESC, 0x74, byteArg('code page', n));
/** ESC a n: 0 left, 1 centre, 2 right. */
export const align = (where: 'left' | 'center' | 'right'): Uint8Array =>
  bytes(ESC, 0x61, where === 'left' ? 0 : where === 'center' ? 1 : 2);
/** ESC E n */
export const bold = (on: boolean): Uint8Array => bytes(ESC, 0x45, on ? 1 : 0);
/** GS ! n: width and height multipliers 1-8. */
export const textSize = (width: number, height: number): Uint8Array =>
  bytes(
    GS,
    0x21,
    ((byteArg('width', width, 1, 8) - 1) << 4) | (byteArg('height', height, 1, 8) - 1),
  );
/** ESC d n: print and feed n lines. */
export const feedLines = (n: number): Uint8Array => bytes(ESC, 0x64, byteArg('lines', n));

/** Text in Chinese mode (GB18030), followed by LF. */
export function textLine(text: string): Uint8Array {
  if (Array.from(text).some((ch) => ch.charCodeAt(0) < 0x20 && ch !== '\n')) {
    throw new DriverError('ENCODE_FAILED', 'text must not contain control characters');
  }
  return concat([encodeGb18030(text), bytes(0x0a)]);
}

/** GS V 66 n: feed n dots then cut; partial leaves a hinge so the receipt does not fall. */
export const cut = (partial = true, feedDots = 0): Uint8Array =>
  bytes(GS, 0x56, partial ? 66 : 65, byteArg('feed', feedDots));

/**
 * ESC p m t1 t2: drawer kick. m 0 = connector pin 2, 1 = pin 5; t1 on-time and t2 off-time in
 * 2 ms units. Both bytes are always sent: drawers with a missing t2 fire unreliably, and a
 * solenoid needs t2 ≥ t1 to cool down.
 */
export function drawerKick(pin: 2 | 5 = 2, onMs = 100, offMs = 200): Uint8Array {
  const t1 = byteArg('on time/2ms', Math.round(onMs / 2), 1, 255);
  const t2 = byteArg('off time/2ms', Math.round(offMs / 2), 1, 255);
  if (t2 < t1) throw new DriverError('ENCODE_FAILED', 'drawer off time must be >= on time');
  return bytes(ESC, 0x70, pin === 2 ? 0 : 1, t1, t2);
}

/** DLE EOT n: real-time status; n 1 printer, 2 offline cause, 3 error cause, 4 paper sensor. */
export const statusQuery = (n: 1 | 2 | 3 | 4): Uint8Array => bytes(DLE, EOT, n);

/** Code 128 (code set B) with human-readable text below: receipt numbers for returns. */
export function code128(data: string, opts: { height?: number; width?: number } = {}): Uint8Array {
  if (!/^[\x20-\x7e]{1,64}$/.test(data)) {
    throw new DriverError('ENCODE_FAILED', 'Code 128 data must be 1-64 printable ASCII');
  }
  // '{' introduces a code set switch in GS k 73 data, so a literal one is doubled.
  const payload = [...'{B', ...data.replace(/\{/g, '{{')].map((c) => c.charCodeAt(0));
  return concat([
    bytes(GS, 0x68, byteArg('height', opts.height ?? 80, 1, 255)),
    bytes(GS, 0x77, byteArg('module width', opts.width ?? 2, 1, 6)),
    bytes(GS, 0x48, 2),
    bytes(GS, 0x6b, 73, byteArg('length', payload.length)),
    Uint8Array.from(payload),
  ]);
}

/** QR code with the printer's own generator: GS ( k model, size, error level, store, print. */
export function qrCode(
  data: string,
  opts: { moduleSize?: number; level?: 'L' | 'M' | 'Q' | 'H' } = {},
): Uint8Array {
  const payload = new TextEncoder().encode(data);
  if (payload.length === 0 || payload.length > 700) {
    throw new DriverError('ENCODE_FAILED', 'QR data must be 1-700 bytes');
  }
  const level = { L: 48, M: 49, Q: 50, H: 51 }[opts.level ?? 'M'];
  const len = payload.length + 3;
  return concat([
    bytes(GS, 0x28, 0x6b, 4, 0, 49, 65, 50, 0),
    bytes(GS, 0x28, 0x6b, 3, 0, 49, 67, byteArg('module size', opts.moduleSize ?? 6, 1, 16)),
    bytes(GS, 0x28, 0x6b, 3, 0, 49, 69, level),
    bytes(GS, 0x28, 0x6b, len & 0xff, len >> 8, 49, 80, 48),
    payload,
    bytes(GS, 0x28, 0x6b, 3, 0, 49, 81, 48),
  ]);
}

/**
 * GS v 0: a 1-bit raster image (a store logo), rows of ceil(width/8) bytes, MSB leftmost,
 * 1 = black.
 */
export function rasterImage(width: number, height: number, bits: Uint8Array): Uint8Array {
  const rowBytes = Math.ceil(width / 8);
  if (
    width < 1 ||
    width > 2048 ||
    height < 1 ||
    height > 2400 ||
    bits.length !== rowBytes * height
  ) {
    throw new DriverError(
      'ENCODE_FAILED',
      `raster ${width}x${height} needs ${rowBytes * height} bytes`,
    );
  }
  return concat([
    bytes(GS, 0x76, 0x30, 0, rowBytes & 0xff, rowBytes >> 8, height & 0xff, height >> 8),
    bits,
  ]);
}
