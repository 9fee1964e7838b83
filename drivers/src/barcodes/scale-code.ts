import { z } from 'zod';
import { err, ok, type Result } from '../errors.js';
import { barcodeError, type BarcodeError } from './barcode-error.js';
import { gtinCheckDigit } from './gtin.js';

/**
 * In-store scale labels (GB/T 18283 "店内条码", prefixes 20-29). Which digits carry the PLU, the
 * price or the weight differs between stores and scale brands, so a layout is configuration:
 * a flag set plus an ordered list of fields whose widths add up to the code length.
 */
export const scaleFieldSchema = z.object({
  field: z.enum(['plu', 'amount', 'weight', 'unitPrice', 'ignore']),
  width: z.number().int().min(1).max(10),
  /** Decimals as printed: amount/unitPrice in yuan (2 → fen), weight in kg (3 → grams). */
  decimals: z.number().int().min(0).max(3).default(0),
});

export const scaleLayoutSchema = z
  .object({
    name: z.string().min(1).max(40),
    length: z.union([z.literal(13), z.literal(18)]),
    /** Leading flag digits (2 digits, "20"-"29") this layout applies to. */
    flags: z.array(z.string().regex(/^2\d$/)).min(1),
    fields: z.array(scaleFieldSchema).min(1),
    /**
     * 'gtin': last digit is the GS1 mod-10 check over all before it (13-digit EAN layout, and
     * most 18-digit Chinese labels); 'none': the last digit is data or unchecked.
     */
    checkDigit: z.enum(['gtin', 'none']).default('gtin'),
  })
  .refine(
    (l) =>
      2 + l.fields.reduce((s, f) => s + f.width, 0) + (l.checkDigit === 'gtin' ? 1 : 0) ===
      l.length,
    { message: 'flag (2) + field widths + check digit must equal the length', path: ['fields'] },
  );
export type ScaleLayout = z.output<typeof scaleLayoutSchema>;
export type ScaleLayoutInput = z.input<typeof scaleLayoutSchema>;

/** Two layouts seen on most Chinese scales (Dahua/Aclas defaults); stores override them. */
export const DEFAULT_SCALE_LAYOUTS: readonly ScaleLayout[] = [
  scaleLayoutSchema.parse({
    name: 'ean13-plu5-amount5',
    length: 13,
    flags: ['20', '21', '22', '23', '24', '25', '26', '27', '28', '29'],
    fields: [
      { field: 'plu', width: 5 },
      { field: 'amount', width: 5, decimals: 2 },
    ],
  }),
  scaleLayoutSchema.parse({
    name: '18-plu5-weight5-amount5',
    length: 18,
    flags: ['20', '21', '22', '23', '24', '25', '26', '27', '28', '29'],
    fields: [
      { field: 'plu', width: 5 },
      { field: 'weight', width: 5, decimals: 3 },
      { field: 'amount', width: 5, decimals: 2 },
    ],
  }),
];

export interface ScaleCode {
  kind: 'scaleCode';
  layout: string;
  flag: string;
  plu: string;
  amountFen?: number;
  grams?: number;
  unitPriceFen?: number;
}

/** Parses a scale label against the first layout of matching length and flag. */
export function parseScaleCode(
  input: string,
  layouts: readonly ScaleLayout[] = DEFAULT_SCALE_LAYOUTS,
): Result<ScaleCode, BarcodeError> {
  const text = input.trim();
  if (text === '') return err(barcodeError('EMPTY', 'no digits'));
  if (!/^\d+$/.test(text)) return err(barcodeError('BAD_CHARACTERS', `scale codes are digits`));
  const flag = text.slice(0, 2);
  const layout = layouts.find((l) => l.length === text.length && l.flags.includes(flag));
  if (!layout) {
    return err(
      barcodeError(
        'NOT_THIS_FORMAT',
        `no scale layout for ${text.length} digits with flag ${flag}`,
      ),
    );
  }
  if (layout.checkDigit === 'gtin') {
    const expected = gtinCheckDigit(text.slice(0, -1));
    if (expected !== Number(text[text.length - 1])) {
      return err(
        barcodeError('BAD_CHECK_DIGIT', `scale code "${text}": check digit, expected ${expected}`),
      );
    }
  }
  const out: ScaleCode = { kind: 'scaleCode', layout: layout.name, flag, plu: '' };
  let pos = 2;
  for (const f of layout.fields) {
    const digits = text.slice(pos, pos + f.width);
    pos += f.width;
    const n = Number(digits);
    switch (f.field) {
      case 'plu':
        out.plu = digits;
        break;
      case 'amount':
        out.amountFen = n * 10 ** (2 - f.decimals);
        break;
      case 'unitPrice':
        out.unitPriceFen = n * 10 ** (2 - f.decimals);
        break;
      case 'weight':
        out.grams = n * 10 ** (3 - f.decimals);
        break;
      case 'ignore':
        break;
    }
  }
  return ok(out);
}
