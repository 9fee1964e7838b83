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
    out = receiptline.transform(document, {
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

/** The same document as plain text lines (receiptline's `text` target), for checks and previews. */
export function renderReceiptText(document: string, cpl: number): string[] {
  const out = receiptline.transform(document, { cpl, encoding: 'gb18030', command: 'text' });
  return out.split('\n');
}
