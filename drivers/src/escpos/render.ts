import receiptline from 'receiptline';
import { DriverError } from '../errors.js';

export interface RenderOptions {
  /** Characters per line at normal width: 48 on 80 mm heads, 32 on 58 mm. */
  cpl: number;
  encoding: 'gb18030' | 'cp936' | 'cp437';
  cutting: boolean;
}

/**
 * Renders a receiptline document to ESC/POS bytes. receiptline does the column layout with
 * double-width CJK and encodes text with iconv-lite in Chinese mode (`ESC t 0 FS &` before each
 * run), so the printer gets GB18030 and the columns line up.
 */
export function renderReceipt(document: string, options: RenderOptions): Uint8Array {
  let out: string;
  try {
    out = receiptline.transform(forHead(document, options.encoding), {
      cpl: options.cpl,
      encoding: options.encoding,
      cutting: options.cutting,
      command: 'escpos',
    });
  } catch (e) {
    throw new DriverError('RENDER_FAILED', `receiptline: ${(e as Error).message}`, { cause: e });
  }
  // receiptline returns a "binary" string: one char per byte.
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/**
 * The half-width ¥ (U+00A5) is not in GBK: GB18030 encodes it as the four bytes 81 30 84 36, which
 * a GBK printer head prints as "0" and "6" around garbage. Chinese receipts use the full-width ￥
 * (A3 A4), so it is substituted before encoding.
 */
export function forHead(document: string, encoding: RenderOptions['encoding']): string {
  return encoding === 'cp437' ? document : document.replace(/\u00a5/g, '\uffe5');
}

/** The same document as plain text lines (receiptline's `text` target), for checks and previews. */
export function renderReceiptText(document: string, cpl: number): string[] {
  const out = receiptline.transform(forHead(document, 'gb18030'), {
    cpl,
    encoding: 'gb18030',
    command: 'text',
  });
  return out.split('\n');
}
