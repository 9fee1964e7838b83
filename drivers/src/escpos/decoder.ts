import { err, ok, type Result } from '../errors.js';
import type { DecodedEscPos, EscPosDecodeError, EscPosEvent } from './decoder-events.js';
import { CODE_PAGES, RULES, code128Text, hex, latin } from './decoder-tables.js';
import { decodeGb18030, decodeSingleByte, displayWidth } from './text-encoding.js';

/**
 * A decoder for the ESC/POS subset Mendian emits (its own commands plus receiptline's `escpos`
 * output). Bytes in, text lines and events out; an opcode outside the subset is an error, so a
 * test fails when a renderer starts emitting something nobody checked.
 *
 * It is incremental: `push` consumes whole commands and keeps an incomplete tail for the next
 * chunk, which is how the printer simulator reads a TCP stream.
 */

type Step =
  { kind: 'need' } | { kind: 'ok'; next: number } | { kind: 'error'; error: EscPosDecodeError };

const NEED: Step = { kind: 'need' };

export interface DecoderOptions {
  /** Dots per character column, to turn ESC $ / ESC \ positions into spaces. */
  dotsPerColumn?: number;
}

export class EscPosDecoder {
  private buf: Uint8Array = new Uint8Array(0);
  private offsetBase = 0;
  private chinese = false;
  private codePage = 0;
  private widthScale = 1;
  private line = '';
  private column = 0;
  private qrData = '';
  private failed: EscPosDecodeError | undefined;
  readonly events: EscPosEvent[] = [];
  private readonly dots: number;
  // The command being decoded; fields rather than closures keep the per-byte path allocation-free.
  private cur: Uint8Array = new Uint8Array(0);
  private p = 0;

  private at(i: number): number | undefined {
    return this.cur[this.p + i];
  }
  private need(n: number): boolean {
    return this.p + n > this.cur.length;
  }
  private bad(code: EscPosDecodeError['code'], message: string): Step {
    return { kind: 'error', error: { code, offset: this.p, message } };
  }
  private done(n: number): Step {
    return { kind: 'ok', next: this.p + n };
  }

  constructor(options: DecoderOptions = {}) {
    this.dots = options.dotsPerColumn ?? 12;
  }

  /** Consumes what it can; returns the events produced by this chunk, or the first error. */
  push(chunk: Uint8Array, final = false): Result<EscPosEvent[], EscPosDecodeError> {
    if (this.failed) return err(this.failed);
    const merged = new Uint8Array(this.buf.length + chunk.length);
    merged.set(this.buf);
    merged.set(chunk, this.buf.length);
    const before = this.events.length;
    let pos = 0;
    while (pos < merged.length) {
      const step = this.step(merged, pos, final);
      if (step.kind === 'need') {
        if (final) {
          this.failed = {
            code: 'TRUNCATED',
            offset: this.offsetBase + pos,
            message: 'command cut short',
          };
          return err(this.failed);
        }
        break;
      }
      if (step.kind === 'error') {
        this.failed = { ...step.error, offset: this.offsetBase + step.error.offset };
        return err(this.failed);
      }
      pos = step.next;
    }
    this.offsetBase += pos;
    this.buf = merged.slice(pos);
    if (final && this.line !== '') this.endLine();
    return ok(this.events.slice(before));
  }

  private emit(e: EscPosEvent): void {
    this.events.push(e);
  }

  private endLine(): void {
    this.emit({ type: 'line', text: this.line.trimEnd() });
    this.line = '';
    this.column = 0;
  }

  private padTo(column: number): void {
    if (column > this.column) {
      this.line += ' '.repeat(column - this.column);
      this.column = column;
    }
  }

  private text(b: Uint8Array, pos: number, final: boolean): Step {
    let end = pos;
    while (end < b.length && b[end]! >= 0x20) end++;
    if (end === b.length && !final) {
      // A GB18030 character may be split across chunks: only cut before a lead byte.
      if (this.chinese) {
        let safe = pos;
        let i = pos;
        while (i < end) {
          const c = b[i]!;
          if (c < 0x80) i += 1;
          else if (i + 1 < end && b[i + 1]! >= 0x30 && b[i + 1]! <= 0x39) i += 4;
          else i += 2;
          if (i <= end) safe = i;
        }
        end = safe;
      }
      if (end === pos) return NEED;
    }
    const run = b.subarray(pos, end);
    let s: string;
    if (this.chinese) s = decodeGb18030(run);
    else if (this.codePage === 1)
      s = Array.from(run, (c) => (c < 0x80 ? String.fromCharCode(c) : (RULES[c] ?? '?'))).join('');
    else s = decodeSingleByte(run, CODE_PAGES[this.codePage] ?? 'cp437');
    this.line += s;
    this.column += displayWidth(s) * this.widthScale;
    return { kind: 'ok', next: end };
  }

  private step(b: Uint8Array, p: number, final: boolean): Step {
    const c = b[p]!;
    if (c >= 0x20) return this.text(b, p, final);
    this.cur = b;
    this.p = p;
    switch (c) {
      case 0x0a:
        this.endLine();
        return this.done(1);
      case 0x0d:
        return this.done(1);
      case 0x09:
        this.padTo((Math.floor(this.column / 8) + 1) * 8);
        return this.done(1);
      case 0x10: {
        if (this.need(3)) return NEED;
        if (this.at(1) !== 0x04) return this.bad('UNKNOWN_OPCODE', `DLE 0x${hex(this.at(1))}`);
        const n = this.at(2)!;
        if (n < 1 || n > 4) return this.bad('BAD_ARGUMENT', `DLE EOT ${n}`);
        this.emit({ type: 'statusQuery', n });
        return this.done(3);
      }
      case 0x1b:
        return this.esc();
      case 0x1d:
        return this.gs();
      case 0x1c:
        return this.fs();
      default:
        return this.bad('UNKNOWN_OPCODE', `control byte 0x${hex(c)}`);
    }
  }

  private esc(): Step {
    if (this.need(2)) return NEED;
    const op = this.at(1)!;
    switch (String.fromCharCode(op)) {
      case '@':
        this.chinese = false;
        this.codePage = 0;
        this.widthScale = 1;
        this.emit({ type: 'init' });
        return this.done(2);
      case '2':
        return this.done(2);
      case 'a':
      case 'M':
      case ' ':
      case '3':
      case '{':
      case '-':
      case 'E':
      case 'J':
      case 'G':
      case '!':
      case 'R':
        return this.need(3) ? NEED : this.done(3);
      case 'd':
        if (this.need(3)) return NEED;
        this.emit({ type: 'feed', lines: this.at(2)! });
        return this.done(3);
      case 't':
        if (this.need(3)) return NEED;
        this.codePage = this.at(2)!;
        this.emit({ type: 'codePage', page: this.codePage });
        return this.done(3);
      case '$': {
        if (this.need(4)) return NEED;
        this.padTo(Math.floor((this.at(2)! + this.at(3)! * 256) / this.dots));
        return this.done(4);
      }
      case '\\': {
        if (this.need(4)) return NEED;
        const cols = Math.floor((this.at(2)! + this.at(3)! * 256) / this.dots);
        this.padTo(this.column + cols);
        return this.done(4);
      }
      case 'p': {
        if (this.need(5)) return NEED;
        const m = this.at(2)!;
        if (m !== 0 && m !== 1 && m !== 48 && m !== 49)
          return this.bad('BAD_ARGUMENT', `ESC p pin ${m}`);
        this.emit({
          type: 'drawer',
          pin: m % 48 === 0 ? 2 : 5,
          onMs: this.at(3)! * 2,
          offMs: this.at(4)! * 2,
        });
        return this.done(5);
      }
      default:
        return this.bad('UNKNOWN_OPCODE', `ESC 0x${hex(op)}`);
    }
  }

  private gs(): Step {
    const b = this.cur;
    const p = this.p;
    if (this.need(2)) return NEED;
    const op = this.at(1)!;
    switch (String.fromCharCode(op)) {
      case '!':
        if (this.need(3)) return NEED;
        this.widthScale = (this.at(2)! >> 4) + 1;
        return this.done(3);
      case 'a':
      case 'B':
      case 'r':
      case 'w':
      case 'h':
      case 'H':
      case 'f':
        return this.need(3) ? NEED : this.done(3);
      case 'L':
      case 'W':
        return this.need(4) ? NEED : this.done(4);
      case 'V': {
        if (this.need(3)) return NEED;
        const m = this.at(2)!;
        if (m === 0 || m === 1 || m === 48 || m === 49) {
          this.cutHere(m % 48 === 1);
          return this.done(3);
        }
        if (m === 65 || m === 66) {
          if (this.need(4)) return NEED;
          this.cutHere(m === 66);
          return this.done(4);
        }
        return this.bad('BAD_ARGUMENT', `GS V ${m}`);
      }
      case 'k':
        return this.barcode();
      case 'v': {
        if (this.need(8)) return NEED;
        if (this.at(2) !== 0x30) return this.bad('BAD_ARGUMENT', 'GS v must be GS v 0');
        const xBytes = this.at(4)! + this.at(5)! * 256;
        const h = this.at(6)! + this.at(7)! * 256;
        if (this.need(8 + xBytes * h)) return NEED;
        this.emit({ type: 'image', width: xBytes * 8, height: h });
        return this.done(8 + xBytes * h);
      }
      case '8': {
        if (this.need(7)) return NEED;
        if (this.at(2) !== 0x4c) return this.bad('UNKNOWN_OPCODE', `GS 8 0x${hex(this.at(2))}`);
        const len = this.at(3)! + this.at(4)! * 256 + this.at(5)! * 65536 + this.at(6)! * 16777216;
        if (len < 10) return this.bad('BAD_ARGUMENT', 'GS 8 L too short');
        if (this.need(7 + len)) return NEED;
        this.emit({
          type: 'image',
          width: this.at(15)! + this.at(16)! * 256,
          height: this.at(17)! + this.at(18)! * 256,
        });
        return this.done(7 + len);
      }
      case '(': {
        if (this.need(5)) return NEED;
        const fnClass = this.at(2)!;
        const len = this.at(3)! + this.at(4)! * 256;
        if (this.need(5 + len)) return NEED;
        if (fnClass === 0x4c) return this.done(5 + len); // GS ( L: print stored graphics
        if (fnClass !== 0x6b) return this.bad('UNKNOWN_OPCODE', `GS ( 0x${hex(fnClass)}`);
        if (len < 2) return this.bad('BAD_ARGUMENT', 'GS ( k too short');
        const cn = this.at(5)!;
        const fn = this.at(6)!;
        if (cn === 49 && fn === 80) {
          this.qrData = new TextDecoder().decode(b.subarray(p + 8, p + 5 + len));
        } else if (cn === 49 && fn === 81) {
          this.emit({ type: 'qr', data: this.qrData });
        }
        return this.done(5 + len);
      }
      default:
        return this.bad('UNKNOWN_OPCODE', `GS 0x${hex(op)}`);
    }
  }

  private barcode(): Step {
    const b = this.cur;
    const p = this.p;
    if (this.need(3)) return NEED;
    const m = this.at(2)!;
    if (m <= 6) {
      let end = p + 3;
      while (end < b.length && b[end] !== 0) end++;
      if (end >= b.length) return NEED;
      this.emit({ type: 'barcode', system: m, data: latin(b.subarray(p + 3, end)) });
      return { kind: 'ok', next: end + 1 };
    }
    if (m < 65 || m > 79) return this.bad('BAD_ARGUMENT', `GS k system ${m}`);
    if (this.need(4)) return NEED;
    const n = this.at(3)!;
    if (this.need(4 + n)) return NEED;
    const raw = b.subarray(p + 4, p + 4 + n);
    this.emit({ type: 'barcode', system: m, data: m === 73 ? code128Text(raw) : latin(raw) });
    return { kind: 'ok', next: p + 4 + n };
  }

  private fs(): Step {
    if (this.need(2)) return NEED;
    const op = this.at(1)!;
    switch (String.fromCharCode(op)) {
      case '&':
        this.chinese = true;
        this.emit({ type: 'chineseMode', on: true });
        return this.done(2);
      case '.':
        this.chinese = false;
        this.emit({ type: 'chineseMode', on: false });
        return this.done(2);
      case '-':
      case 'C':
        return this.need(3) ? NEED : this.done(3);
      case 'S':
        return this.need(4) ? NEED : this.done(4);
      case '(': {
        if (this.need(5)) return NEED;
        if (this.at(2) !== 0x41) return this.bad('UNKNOWN_OPCODE', `FS ( 0x${hex(this.at(2))}`);
        const len = this.at(3)! + this.at(4)! * 256;
        return this.need(5 + len) ? NEED : this.done(5 + len);
      }
      default:
        return this.bad('UNKNOWN_OPCODE', `FS 0x${hex(op)}`);
    }
  }

  private cutHere(partial: boolean): void {
    if (this.line !== '') this.endLine();
    this.emit({ type: 'cut', partial });
  }
}

/** Decodes a complete job. */
export function decodeEscPos(
  bytes: Uint8Array,
  options?: DecoderOptions,
): Result<DecodedEscPos, EscPosDecodeError> {
  const d = new EscPosDecoder(options);
  const r = d.push(bytes, true);
  if (!r.ok) return r;
  const lines = d.events.flatMap((e) => (e.type === 'line' ? [e.text] : []));
  return ok({ events: d.events, lines });
}
