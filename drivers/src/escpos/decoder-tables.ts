/** Code pages, rule glyphs and barcode data of the ESC/POS test decoder. */

// Epson code page numbers (ESC t n) to encodings we can decode. Page 1 (Katakana) is only used
// by receiptline for its rule characters, mapped below.
export const CODE_PAGES: Record<number, string> = {
  0: 'cp437',
  16: 'windows-1252',
  17: 'cp866',
  18: 'cp852',
  19: 'cp858',
};
export const RULES: Record<number, string> = {
  0x8f: '┼',
  0x90: '┴',
  0x91: '┬',
  0x92: '┤',
  0x93: '├',
  0x95: '─',
  0x96: '│',
  0x98: '┌',
  0x99: '┐',
  0x9a: '└',
  0x9b: '┘',
  0x9c: '┌',
  0x9d: '┐',
  0x9e: '└',
  0x9f: '┘',
};

export function hex(n: number | undefined): string {
  return (n ?? 0).toString(16).padStart(2, '0');
}

export function latin(b: Uint8Array): string {
  return String.fromCharCode(...b);
}

/** GS k 73 data: `{A`/`{B`/`{C` switch code sets, `{1` is FNC1, `{{` a literal brace. */
export function code128Text(b: Uint8Array): string {
  let set: 'A' | 'B' | 'C' = 'B';
  let out = '';
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0x7b && i + 1 < b.length) {
      const s = String.fromCharCode(b[++i]!);
      if (s === 'A' || s === 'B' || s === 'C') set = s;
      else if (s === '1') out += out === '' ? '' : '\u001d';
      else if (s === '{') out += '{';
      continue;
    }
    out += set === 'C' ? String(c).padStart(2, '0') : String.fromCharCode(c);
  }
  return out;
}
