import { describe, expect, it } from 'vitest';
import { classifyCode, type ParsedCode } from '@mendian/drivers/barcodes/classify';
import { parsePaymentCode, maskPaymentCode } from '@mendian/drivers/barcodes/payment-code';
import { parseScaleCode, scaleLayoutSchema } from '@mendian/drivers/barcodes/scale-code';

const parsed = (text: string, laneState: 'item' | 'payment'): ParsedCode | string => {
  const r = classifyCode(text, { laneState });
  return r.ok ? r.value.parsed : r.error.code;
};

describe('China scale labels (GB/T 18283)', () => {
  it('13-digit: flag, PLU, amount in fen', () => {
    expect(parseScaleCode('2000123012346')).toEqual({
      ok: true,
      value: {
        kind: 'scaleCode',
        layout: 'ean13-plu5-amount5',
        flag: '20',
        plu: '00123',
        amountFen: 1234,
      },
    });
  });

  it('18-digit: PLU, weight in grams, amount in fen', () => {
    const r = parseScaleCode('210012301500029859');
    expect(r.ok && r.value).toMatchObject({ plu: '00123', grams: 1500, amountFen: 2985 });
  });

  it('per-store layouts: a 13-digit label with weight instead of amount, 1 decimal', () => {
    const layout = scaleLayoutSchema.parse({
      name: 'store-weight',
      length: 13,
      flags: ['27'],
      fields: [
        { field: 'plu', width: 4 },
        { field: 'weight', width: 6, decimals: 3 },
      ],
    });
    // 27 1234 012345 + check
    const body = '271234012345';
    const r = parseScaleCode(body + '0', [layout]);
    const ok = [...'0123456789'].map((d) => parseScaleCode(body + d, [layout])).find((x) => x.ok);
    expect(r.ok || ok !== undefined).toBe(true);
    expect(ok?.ok && ok.value).toMatchObject({ plu: '1234', grams: 12345, layout: 'store-weight' });
  });

  it('a layout whose widths do not add up is refused with the reason', () => {
    const r = scaleLayoutSchema.safeParse({
      name: 'x',
      length: 13,
      flags: ['20'],
      fields: [{ field: 'plu', width: 5 }],
    });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/must equal the length/);
  });

  it('bad check digit and unknown flags are typed errors', () => {
    expect(parseScaleCode('2000123012345')).toMatchObject({
      ok: false,
      error: { code: 'BAD_CHECK_DIGIT' },
    });
    expect(parseScaleCode('6901234567892')).toMatchObject({
      ok: false,
      error: { code: 'NOT_THIS_FORMAT' },
    });
  });
});

describe('payment codes', () => {
  it.each([
    ['134567890123456789', 'wechat'],
    ['286543210987654321', 'alipay'],
    ['2512345678901234', 'alipay'],
    ['301234567890123456789012', 'alipay'],
    ['6212345678901234567', 'unionpay'],
  ])('%s is %s', (code, provider) => {
    expect(parsePaymentCode(code)).toEqual({
      ok: true,
      value: { kind: 'paymentCode', provider, code },
    });
  });

  it('rules are configuration: a new prefix is a data change', () => {
    const rules = [{ provider: 'other' as const, minLength: 20, maxLength: 20, prefixes: ['99'] }];
    expect(parsePaymentCode('99123456789012345678', rules)).toMatchObject({
      ok: true,
      value: { provider: 'other' },
    });
    expect(parsePaymentCode('134567890123456789', rules)).toMatchObject({
      ok: false,
      error: { code: 'NO_RULE' },
    });
  });

  it('masks codes for logs', () => {
    expect(maskPaymentCode('134567890123456789')).toBe('13************6789');
  });
});

describe('classification by lane state', () => {
  const lookAlike = '280012301500029852'; // valid 18-digit scale label, flag 28: also an Alipay code

  it('the same 18 digits are a scale label at item entry and an Alipay code at payment', () => {
    expect(parsed(lookAlike, 'item')).toMatchObject({
      kind: 'scaleCode',
      plu: '00123',
      grams: 1500,
      amountFen: 2985,
    });
    expect(parsed(lookAlike, 'payment')).toMatchObject({ kind: 'paymentCode', provider: 'alipay' });
  });

  it.each([
    ['6901234567892', 'item', 'gtin'],
    ['6901234567892', 'payment', 'gtin'],
    ['134567890123456789', 'item', 'paymentCode'],
    ['2000123012346', 'item', 'scaleCode'],
    ['SH001-03-00012345', 'item', 'receipt'],
    [']C10109501101020917', 'item', 'gs1'],
    ['https://example.com/x', 'item', 'text'],
  ] as const)('%s in %s state is %s', (text, state, kind) => {
    expect(parsed(text, state)).toMatchObject({ kind });
  });

  it('reads AIM ids: ]E0 EAN-13 and ]C1 GS1-128', () => {
    const r = classifyCode(']E06901234567892', { laneState: 'item' });
    expect(r.ok && r.value).toMatchObject({
      aimId: ']E0',
      symbology: 'ean13',
      data: '6901234567892',
    });
    const g = classifyCode(`]C1010950110102091710AB`, { laneState: 'item' });
    expect(g.ok && g.value).toMatchObject({
      aimId: ']C1',
      symbology: 'gs1-128',
      parsed: { kind: 'gs1', batch: 'AB' },
    });
  });

  it('8 digits: ]E4 is EAN-8, ]E0 is UPC-E when it can be, else EAN-8', () => {
    const sym = (t: string): string | undefined => {
      const r = classifyCode(t, { laneState: 'item' });
      return r.ok ? `${r.value.symbology}:${r.value.parsed.kind}` : r.error.code;
    };
    expect(sym(']E473513537')).toBe('ean8:gtin');
    expect(sym(']E001234565')).toBe('upce:gtin');
    expect(sym(']E073513537')).toBe('ean8:gtin');
  });

  it('a 13-digit code with a wrong check digit is an error, not free text', () => {
    expect(parsed('6901234567891', 'item')).toBe('BAD_CHECK_DIGIT');
  });

  it('receipt numbers parse through the protocol helper', () => {
    expect(parsed('SH001-03-00012345', 'item')).toEqual({
      kind: 'receipt',
      receiptNumber: 'SH001-03-00012345',
      storeCode: 'SH001',
      laneCode: '03',
      sequence: 12345,
    });
  });
});
