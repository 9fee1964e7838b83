/**
 * Cuts a serial/TCP byte stream into scans: a scan ends at its suffix (CR, LF or CR LF) or, for
 * scanners configured without one, when the line has been quiet for `interByteTimeoutMs`.
 * Pure: the driver calls `push` on data and `expire` from a timer.
 */
export interface FramerOptions {
  suffix: 'cr' | 'lf' | 'crlf' | 'none';
  interByteTimeoutMs: number;
  /** Bytes the scanner sends ahead of every code (e.g. STX), stripped. */
  prefix?: Uint8Array;
  maxLength?: number;
}

export interface Frame {
  bytes: Uint8Array;
  /** The raw bytes as received including prefix/suffix, for the event's rawHex. */
  raw: Uint8Array;
}

export class ScanFramer {
  private buf: number[] = [];
  private lastAt = 0;
  constructor(private readonly options: FramerOptions) {}

  push(chunk: Uint8Array, at: number): Frame[] {
    const frames: Frame[] = [];
    if (this.buf.length > 0 && at - this.lastAt > this.options.interByteTimeoutMs) {
      const f = this.cut(this.buf.length, 0);
      if (f) frames.push(f);
    }
    this.lastAt = at;
    for (const b of chunk) {
      this.buf.push(b);
      const n = this.buf.length;
      const s = this.options.suffix;
      if (s === 'crlf' && b === 0x0a && this.buf[n - 2] === 0x0d) {
        const f = this.cut(n - 2, 2);
        if (f) frames.push(f);
      } else if (s === 'cr' && b === 0x0d) {
        const f = this.cut(n - 1, 1);
        if (f) frames.push(f);
      } else if (s === 'lf' && b === 0x0a) {
        // Some scanners set to LF still send CR LF; drop a trailing CR too.
        const f = this.cut(
          this.buf[n - 2] === 0x0d ? n - 2 : n - 1,
          this.buf[n - 2] === 0x0d ? 2 : 1,
        );
        if (f) frames.push(f);
      } else if (n > (this.options.maxLength ?? 4096)) {
        const f = this.cut(n, 0);
        if (f) frames.push(f);
      }
    }
    return frames;
  }

  /** A frame when the line has been quiet long enough, else nothing. */
  expire(now: number): Frame | undefined {
    if (this.buf.length === 0 || now - this.lastAt < this.options.interByteTimeoutMs)
      return undefined;
    return this.cut(this.buf.length, 0);
  }

  private cut(dataEnd: number, suffixLen: number): Frame | undefined {
    const raw = Uint8Array.from(this.buf.slice(0, dataEnd + suffixLen));
    this.buf = this.buf.slice(dataEnd + suffixLen);
    let bytes = raw.subarray(0, dataEnd);
    const p = this.options.prefix;
    if (p && p.length > 0 && bytes.length >= p.length && p.every((v, i) => bytes[i] === v)) {
      bytes = bytes.subarray(p.length);
    }
    if (bytes.length === 0) return undefined;
    return { bytes, raw };
  }
}
