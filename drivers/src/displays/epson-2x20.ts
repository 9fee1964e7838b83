import { err, ok, type Result } from '../errors.js';
import { concat } from '../escpos/commands.js';
import { decodeGb18030, displayWidth, encodeGb18030 } from '../escpos/text-encoding.js';

/**
 * 2x20 customer display, ESC/POS display command set (Epson DM-D and its Chinese VFD clones):
 * ESC @ initialise, FF clear, US $ x y move cursor (1-based), then text. Chinese VFDs take
 * GB2312 (a subset of GB18030) in the same stream, two columns per character.
 */
const ESC = 0x1b;
const US = 0x1f;
/** Marks the second column of a double-width character on the simulated screen. */
const WIDE_TAIL = String.fromCharCode(0);

export function fitWidth(text: string, columns: number): string {
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > columns) break;
    out += ch;
  }
  return out + ' '.repeat(columns - displayWidth(out));
}

export function encode2x20(
  lines: readonly string[],
  encoding: 'gb18030' | 'ascii',
  columns = 20,
): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(ESC, 0x40, 0x0c)];
  lines.slice(0, 2).forEach((line, row) => {
    const clean = Array.from(line, (ch) => (ch.charCodeAt(0) < 0x20 ? ' ' : ch)).join('');
    const text = encoding === 'ascii' ? clean.replace(/[^\x20-\x7e]/g, '?') : clean;
    parts.push(Uint8Array.of(US, 0x24, 1, row + 1));
    parts.push(
      encoding === 'ascii'
        ? Uint8Array.from(fitWidth(text, columns), (c) => c.charCodeAt(0))
        : encodeGb18030(fitWidth(text, columns)),
    );
  });
  return concat(parts);
}

/** Simulator side: applies a byte stream to a 2-row screen. */
export class Display2x20State {
  rows: string[][];
  /** An incomplete command or character split across serial reads, kept for the next chunk. */
  private pending: Uint8Array = new Uint8Array(0);
  private x = 0;
  private y = 0;
  constructor(
    readonly columns = 20,
    private readonly encoding: 'gb18030' | 'ascii' = 'ascii',
  ) {
    this.rows = [[], []];
    this.clear();
  }
  private clear(): void {
    this.rows = [Array<string>(this.columns).fill(' '), Array<string>(this.columns).fill(' ')];
    this.x = 0;
    this.y = 0;
  }
  get lines(): string[] {
    return this.rows.map((r) =>
      r
        .filter((ch) => ch !== WIDE_TAIL)
        .join('')
        .trimEnd(),
    );
  }
  apply(
    bytes: Uint8Array,
  ): Result<void, { code: 'UNKNOWN_OPCODE' | 'TRUNCATED'; message: string }> {
    let i = 0;
    while (i < bytes.length) {
      const c = bytes[i]!;
      if (c === ESC) {
        if (bytes[i + 1] !== 0x40)
          return err({
            code: 'UNKNOWN_OPCODE',
            message: `ESC 0x${(bytes[i + 1] ?? 0).toString(16)}`,
          });
        this.clear();
        i += 2;
      } else if (c === 0x0c) {
        this.clear();
        i++;
      } else if (c === 0x0b) {
        this.x = 0;
        this.y = 0;
        i++;
      } else if (c === 0x0d) {
        this.x = 0;
        i++;
      } else if (c === 0x0a) {
        this.y = Math.min(1, this.y + 1);
        i++;
      } else if (c === US) {
        if (bytes.length - i < 4) {
          this.pending = bytes.slice(i);
          return ok(undefined);
        }
        if (bytes[i + 1] !== 0x24)
          return err({
            code: 'UNKNOWN_OPCODE',
            message: `US 0x${(bytes[i + 1] ?? 0).toString(16)}`,
          });
        this.x = Math.max(0, Math.min(this.columns - 1, bytes[i + 2]! - 1));
        this.y = Math.max(0, Math.min(1, bytes[i + 3]! - 1));
        i += 4;
      } else if (c < 0x20) {
        return err({ code: 'UNKNOWN_OPCODE', message: `control 0x${c.toString(16)}` });
      } else {
        let end = i;
        while (end < bytes.length && bytes[end]! >= 0x20) end++;
        if (this.encoding === 'gb18030' && end === bytes.length) {
          // Keep a trailing GB lead byte whose second byte has not arrived yet.
          let k = i;
          while (k < end) k += bytes[k]! < 0x80 ? 1 : 2;
          if (k > end) {
            this.pending = bytes.slice(end - 1);
            end -= 1;
          }
        }
        const run = bytes.subarray(i, end);
        const text = this.encoding === 'gb18030' ? decodeGb18030(run) : String.fromCharCode(...run);
        for (const ch of text) {
          const w = displayWidth(ch);
          if (this.x + w > this.columns) break;
          this.rows[this.y]![this.x] = ch;
          if (w === 2) this.rows[this.y]![this.x + 1] = WIDE_TAIL;
          this.x += w;
        }
        i = end;
      }
    }
    return ok(undefined);
  }
}
