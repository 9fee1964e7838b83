import { createRequire } from 'node:module';
import { err, ok, type Result } from '../errors.js';
import { barcodeError, type BarcodeError, type BarcodeErrorCode } from './barcode-error.js';
import { gtinCheckDigit } from './gtin.js';

/** One GS1 element string, typed (the parser's own output is untyped). */
export interface Gs1Element {
  ai: string;
  title: string;
  /** Text as encoded. */
  raw: string;
  /** Parsed value: numbers for measures (decimals applied), ISO date for dates, else text. */
  value: string | number;
  unit?: string;
}

export interface Gs1Result {
  kind: 'gs1';
  symbology: string;
  elements: Gs1Element[];
  gtin?: string;
  batch?: string;
  serial?: string;
  /** AI 17 as YYYY-MM-DD. */
  expiry?: string;
  /** AI 310n in grams. */
  netWeightGrams?: number;
}

interface RawElement {
  ai: string;
  dataTitle: string;
  data: unknown;
  unit: string;
  isoDate: string;
  raw: string;
}
type ParseBarcode = (text: string) => { codeName: string; parsedCodeItems: RawElement[] };

// The package is CommonJS without types; one typed seam here keeps `any` out of the rest.
const require = createRequire(import.meta.url);
const parser = require('gs1-barcode-parser-mod') as { parseBarcode: ParseBarcode };

const GS = '\u001d';
const DATE_AIS = new Set(['11', '12', '13', '15', '16', '17']);

/**
 * The parser rolls an impossible date over (991399 became 2000-04-08), so dates are checked
 * here: month 1-12, day 1 to the month's last day, or 00 ("end of month", GS1 GenSpecs 7.12).
 */
function validYymmdd(raw: string): boolean {
  if (!/^\d{6}$/.test(raw)) return false;
  const yy = Number(raw.slice(0, 2));
  const mm = Number(raw.slice(2, 4));
  const dd = Number(raw.slice(4, 6));
  if (mm < 1 || mm > 12) return false;
  const year = 2000 + yy;
  const last = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  return dd <= last;
}

/** The parser throws two-digit codes and some English messages; both become typed reasons. */
function translate(thrown: unknown): BarcodeError {
  const text = typeof thrown === 'string' ? thrown : String(thrown);
  let code: BarcodeErrorCode = 'UNKNOWN_AI';
  if (text === '33' || text === '34' || text === '35' || /in date$/.test(text)) code = 'BAD_DATE';
  else if (text === '36' || text === 'invalid number') code = 'BAD_NUMBER';
  else if (text === '37' || text.startsWith('truncated')) code = 'TRUNCATED';
  else if (text === '38' || text.startsWith('bracketed')) code = 'NOT_THIS_FORMAT';
  const reason = /^\d\d$/.test(text) ? `parser code ${text}` : text;
  return barcodeError(code, `GS1 element string refused: ${reason}`);
}

/**
 * Parses a GS1 element string from GS1-128, DataBar or GS1 DataMatrix. Accepts the AIM prefix
 * (]C1, ]e0, ]d2, ]Q3) and GS as FNC1; text without a prefix is read as GS1-128.
 */
export function parseGs1(input: string): Result<Gs1Result, BarcodeError> {
  if (input.length === 0) return err(barcodeError('EMPTY', 'no data'));
  if (input.length > 512) return err(barcodeError('BAD_LENGTH', 'longer than any GS1 symbol'));
  // eslint-disable-next-line no-control-regex
  if (/[^\x1d\x20-\x7e]/.test(input)) {
    return err(barcodeError('BAD_CHARACTERS', 'GS1 element strings are printable ASCII and GS'));
  }
  const text = /^\][Ced][0-9]/.test(input) || input.startsWith(']Q3') ? input : `]C1${input}`;
  let parsed: ReturnType<ParseBarcode>;
  try {
    parsed = parser.parseBarcode(text);
  } catch (thrown) {
    return err(translate(thrown));
  }
  if (parsed.parsedCodeItems.length === 0) {
    return err(barcodeError('TRUNCATED', 'no element in the string'));
  }
  const result: Gs1Result = { kind: 'gs1', symbology: parsed.codeName, elements: [] };
  for (const item of parsed.parsedCodeItems) {
    if (DATE_AIS.has(item.ai) && !validYymmdd(item.raw)) {
      return err(barcodeError('BAD_DATE', `AI ${item.ai} "${item.raw}" is not a YYMMDD date`));
    }
    const value =
      item.isoDate !== ''
        ? item.isoDate
        : typeof item.data === 'number'
          ? item.data
          : String(item.data);
    const el: Gs1Element = { ai: item.ai, title: item.dataTitle, raw: item.raw, value };
    if (item.unit !== '') el.unit = item.unit;
    result.elements.push(el);
    if (item.ai === '01' || item.ai === '02') {
      if (gtinCheckDigit(item.raw.slice(0, 13)) !== Number(item.raw[13])) {
        return err(barcodeError('BAD_CHECK_DIGIT', `GTIN in AI ${item.ai} "${item.raw}"`));
      }
      result.gtin = item.raw;
    } else if (item.ai === '10') result.batch = String(item.data);
    else if (item.ai === '21') result.serial = String(item.data);
    else if (item.ai === '17') result.expiry = item.isoDate;
    else if (/^310\d$/.test(item.ai) && typeof item.data === 'number') {
      result.netWeightGrams = Math.round(item.data * 1000);
    }
  }
  return ok(result);
}

/** True when text looks like a GS1 element string rather than a plain GTIN. */
export function looksLikeGs1(text: string): boolean {
  return (
    /^\](C1|e0|d2|Q3)/.test(text) ||
    text.includes(GS) ||
    /^(01\d{14}|02\d{14}|00\d{18})(1[0-7]|2[01]|3[1-6]\d\d)/.test(text)
  );
}
