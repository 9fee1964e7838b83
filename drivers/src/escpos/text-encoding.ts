import iconv from 'iconv-lite';

/**
 * GB18030 is what Chinese ESC/POS printers read in Chinese mode (FS &); it is a superset of GBK
 * and GB2312, so one encoder serves every head. iconv-lite is receiptline's own dependency too.
 */
export function encodeGb18030(text: string): Uint8Array {
  return new Uint8Array(iconv.encode(text, 'gb18030'));
}

// Node's ICU decoder is about twice as fast as iconv-lite's for short runs; it holds no state
// between calls (stream: false), so one instance is safe to share.
const gbDecoder = new TextDecoder('gb18030');

export function decodeGb18030(bytes: Uint8Array): string {
  return gbDecoder.decode(bytes);
}

export function decodeSingleByte(bytes: Uint8Array, encoding: string): string {
  return iconv.decode(Buffer.from(bytes), encoding);
}

/** Display width in columns: CJK and full-width forms take two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return w;
}

export function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Money on Chinese receipts: full-width ￥ (GBK A3A4); the half-width ¥ is missing from GBK heads. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}\uFFE5${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
