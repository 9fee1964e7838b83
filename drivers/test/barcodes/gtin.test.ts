import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { expandUpcE, gtinCheckDigit, parseGtin } from '@mendian/drivers/barcodes/gtin';

// The `gtin` package is an independent implementation: an oracle for our check digits.
const require = createRequire(import.meta.url);
const oracle = require('gtin') as { isValid: (code: string) => boolean };

describe('GTIN family', () => {
  it.each([
    ['4006381333931', 'ean13', '04006381333931'],
    ['6901234567892', 'ean13', '06901234567892'],
    ['73513537', 'ean8', '00000073513537'],
    ['036000291452', 'upca', '00036000291452'],
    ['10614141000415', 'gtin14', '10614141000415'],
  ] as const)('accepts %s as %s', (text, format, gtin14) => {
    expect(oracle.isValid(text)).toBe(true);
    const r = parseGtin(text);
    expect(r).toEqual({ ok: true, value: { kind: 'gtin', format, text, gtin14 } });
  });

  it('expands UPC-E per number-system rules and checks the UPC-A check digit', () => {
    expect(expandUpcE('01234565')).toEqual({ ok: true, value: '012345000065' });
    expect(expandUpcE('04252614')).toEqual({ ok: true, value: '042100005264' });
    const r = parseGtin('01234565', 'upce');
    expect(r.ok && r.value).toMatchObject({ format: 'upce', gtin14: '00012345000065' });
    expect(parseGtin('01234566', 'upce')).toMatchObject({
      ok: false,
      error: { code: 'BAD_CHECK_DIGIT' },
    });
  });

  it('a 13-digit code with a leading 0 is UPC-A when the scanner says so', () => {
    const r = parseGtin('0036000291452', 'upca');
    expect(r.ok && r.value.format).toBe('upca');
  });

  it.each([
    ['4006381333932', 'BAD_CHECK_DIGIT', /expected 1/],
    ['', 'EMPTY', /no digits/],
    ['40063813339A1', 'BAD_CHARACTERS', /only digits/],
    ['400638133393', 'BAD_CHECK_DIGIT', /upca/],
    ['12345', 'BAD_LENGTH', /8, 12, 13 or 14/],
  ] as const)('refuses %j with %s', (text, code, message) => {
    const r = parseGtin(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message).toMatch(message);
    }
  });

  it('agrees with the oracle on 2000 random bodies', () => {
    let seed = 42;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const body = String(seed).padStart(12, '0').slice(0, 12);
      const code = body + gtinCheckDigit(body);
      expect(oracle.isValid(code)).toBe(true);
      expect(oracle.isValid(body + ((gtinCheckDigit(body) + 1) % 10))).toBe(false);
    }
  });
});
