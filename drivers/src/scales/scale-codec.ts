import type { Result } from '../errors.js';

/** One weight frame, decoded. Grams are net (after tare), as the scale displays them. */
export interface ScaleReading {
  grams: number;
  tareGrams: number;
  stable: boolean;
  overload: boolean;
  underload: boolean;
  displayUnit: 'kg' | 'jin' | 'g' | 'lb';
}

export interface ScaleFrameError {
  code: 'BAD_FRAME' | 'BAD_CHECKSUM' | 'BAD_NUMBER';
  message: string;
}

export interface Extracted {
  frames: Uint8Array[];
  /** Bytes kept for the next chunk (an incomplete frame). */
  rest: Uint8Array;
  /** Bytes thrown away because no frame could start there (line noise, a mid-frame start). */
  skipped: number;
}

/** A scale protocol: pure framing and decoding, plus the bytes of its few commands. */
export interface ScaleCodec {
  extract(buffer: Uint8Array): Extracted;
  decode(frame: Uint8Array): Result<ScaleReading, ScaleFrameError>;
  /** Builds the frame a scale in this state sends (simulators and fixtures). */
  encode(reading: ScaleReading): Uint8Array;
  /** Polled protocols: what to send to get one frame. */
  poll?: Uint8Array[];
  tare?: Uint8Array;
  zero?: Uint8Array;
}

export const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
export const text = (b: Uint8Array): string => String.fromCharCode(...b);

/**
 * Cuts fixed-length frames that begin where `isStart(buf, i)` holds. A candidate without the
 * fixed bytes `checks` ([offset, value]) is a false start (a data byte that looks like a start):
 * skip one byte and look again.
 */
export function extractFixed(
  buf: Uint8Array,
  length: number,
  isStart: (buf: Uint8Array, i: number) => boolean,
  checks: ReadonlyArray<readonly [number, number]>,
): Extracted {
  const frames: Uint8Array[] = [];
  let pos = 0;
  let skipped = 0;
  while (pos < buf.length) {
    if (!isStart(buf, pos)) {
      pos++;
      skipped++;
      continue;
    }
    if (pos + length > buf.length) return { frames, rest: buf.slice(pos), skipped };
    const ok = checks.every(([off, v]) => buf[pos + off] === v);
    if (!ok) {
      pos++;
      skipped++;
      continue;
    }
    frames.push(buf.slice(pos, pos + length));
    pos += length;
  }
  return { frames, rest: new Uint8Array(0), skipped };
}
