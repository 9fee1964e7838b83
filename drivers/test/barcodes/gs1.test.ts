import { describe, expect, it } from 'vitest';
import { parseGs1 } from '@mendian/drivers/barcodes/gs1';

const GS = '\u001d';

describe('GS1 element strings', () => {
  it('GS1-128 with AIM ]C1: GTIN, expiry, batch, net weight with decimals', () => {
    const r = parseGs1(`]C101095011010209171719050810ABCD1234${GS}3103000189`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      gtin: '09501101020917',
      expiry: '2019-05-08',
      batch: 'ABCD1234',
      netWeightGrams: 189,
    });
    expect(r.value.elements.map((e) => e.ai)).toEqual(['01', '17', '10', '3103']);
  });

  it('GS1 DataMatrix (]d2) with serial after a GS', () => {
    const r = parseGs1(`]d201034531200000111719112510ABCD1234${GS}2112345`);
    expect(r.ok && r.value).toMatchObject({
      gtin: '03453120000011',
      expiry: '2019-11-25',
      batch: 'ABCD1234',
      serial: '12345',
    });
  });

  it('GS1 DataBar (]e0) with net weight in kg with 2 decimals', () => {
    const r = parseGs1(']e001095011010209173102000150');
    expect(r.ok && r.value).toMatchObject({ gtin: '09501101020917', netWeightGrams: 1500 });
  });

  it('text without a symbology prefix is read as GS1-128', () => {
    const r = parseGs1('0109501101020917');
    expect(r.ok && r.value.gtin).toBe('09501101020917');
  });

  it.each([
    ['bad GTIN check digit', ']C10109501101020918', 'BAD_CHECK_DIGIT'],
    ['truncated GTIN', ']C1010950110102', 'TRUNCATED'],
    ['impossible date', ']C1010950110102091717991399', 'BAD_DATE'],
    ['unknown AI', ']C1230000', 'UNKNOWN_AI'],
    ['empty', '', 'EMPTY'],
    ['binary garbage', ']C1\u0000\u0001', 'BAD_CHARACTERS'],
  ])('%s is a typed error', (_name, text, code) => {
    const r = parseGs1(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });
});
