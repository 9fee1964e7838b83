import { describe, expect, it } from 'vitest';
import {
  allocate,
  assertFen,
  divideRound,
  fenToYuanString,
  formatFen,
  MoneyError,
  multiplyRatio,
  parseYuan,
  percentOf,
  roundCash,
  sumFen,
} from '@mendian/protocol';

describe('divideRound, the one rounding function', () => {
  it.each([
    [5, 2, 'halfUp', 3],
    [-5, 2, 'halfUp', -3],
    [5, 2, 'halfEven', 2],
    [7, 2, 'halfEven', 4],
    [-7, 2, 'halfEven', -4],
    [9, 10, 'down', 0],
    [-9, 10, 'down', 0],
    [1, 10, 'up', 1],
    [-1, 10, 'up', -1],
    [14, 10, 'halfUp', 1],
    [15, 10, 'halfUp', 2],
    [10, 5, 'up', 2],
  ] as const)('%d / %d %s = %d', (n, d, mode, expected) => {
    expect(divideRound(n, d, mode)).toBe(expected);
  });

  it('refuses division by zero and non-integers', () => {
    expect(() => divideRound(1, 0)).toThrow(MoneyError);
    expect(() => divideRound(1.5, 1)).toThrow(/integer/);
  });

  it('keeps precision on huge totals through BigInt', () => {
    // 9,007,199,254,740,991 fen × 3 / 3 would lose precision as a float product.
    expect(multiplyRatio(Number.MAX_SAFE_INTEGER, 3, 3)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => multiplyRatio(Number.MAX_SAFE_INTEGER, 2, 1)).toThrow(/safe integer/);
  });

  it('prices weighed goods per kg × grams with one half-up rounding', () => {
    // ¥12.98/kg × 0.537 kg = 697.026 fen → 697
    expect(multiplyRatio(1298, 537, 1000)).toBe(697);
    // ¥3.99/kg × 0.250 kg = 99.75 → 100
    expect(multiplyRatio(399, 250, 1000)).toBe(100);
  });

  it('takes percentages in basis points', () => {
    expect(percentOf(1999, 5000)).toBe(1000); // 999.5 → 1000
    expect(percentOf(1999, 5000, 'down')).toBe(999);
  });
});

describe('allocate', () => {
  it('splits ¥0.01 over three lines and the parts sum to the whole', () => {
    const parts = allocate(1, [100, 100, 100]);
    expect(parts).toEqual([1, 0, 0]);
    expect(sumFen(parts)).toBe(1);
  });

  it('splits ¥100 over lines that are all free', () => {
    const parts = allocate(10000, [0, 0, 0]);
    expect(parts).toEqual([3334, 3333, 3333]);
    expect(sumFen(parts)).toBe(10000);
  });

  it('splits proportionally with the largest remainders first', () => {
    // 2000 over 3000, 5000, 2000: exact 600, 1000, 400
    expect(allocate(2000, [3000, 5000, 2000])).toEqual([600, 1000, 400]);
    // 100 over 1,1,1: 34, 33, 33 — earlier index wins the tie
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    // A zero-weight line gets nothing while others have weight
    expect(allocate(500, [0, 1000, 3000])).toEqual([0, 125, 375]);
  });

  it('handles negative totals symmetrically', () => {
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
  });

  it('always sums to the whole over random inputs', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const n = 1 + (rnd() % 30);
      const weights = Array.from({ length: n }, () => (rnd() % 4 === 0 ? 0 : rnd() % 100000));
      const total = rnd() % 10_000_000;
      const parts = allocate(total, weights);
      expect(sumFen(parts)).toBe(total);
      expect(parts.every((p) => p >= 0)).toBe(true);
    }
  });

  it('works with huge totals', () => {
    const total = Number.MAX_SAFE_INTEGER;
    const parts = allocate(total, [1, 2, 3]);
    expect(sumFen(parts)).toBe(total);
  });

  it('refuses bad input with a reason', () => {
    expect(() => allocate(1, [])).toThrow(/no parts/);
    expect(() => allocate(1, [-1, 2])).toThrow(/negative/);
    expect(() => allocate(0.5, [1])).toThrow(/integer/);
    expect(allocate(0, [])).toEqual([]);
  });
});

describe('guards and conversions', () => {
  it('refuses unsafe and fractional amounts', () => {
    expect(() => assertFen(2 ** 53)).toThrow(/safe integer/);
    expect(() => assertFen(0.1 + 0.2)).toThrow(/integer number of fen/);
    expect(() => assertFen('100')).toThrow(MoneyError);
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(/safe integer/);
    expect(assertFen(-5)).toBe(-5);
  });

  it('parses yuan text without floating point', () => {
    expect(parseYuan('12.5')).toBe(1250);
    expect(parseYuan('0.07')).toBe(7);
    expect(parseYuan('-3')).toBe(-300);
    expect(parseYuan('90071992547409.91')).toBe(9007199254740991);
    expect(() => parseYuan('1.234')).toThrow(/at most two decimals/);
    expect(() => parseYuan('abc')).toThrow(MoneyError);
  });

  it('writes exact yuan strings', () => {
    expect(fenToYuanString(5)).toBe('0.05');
    expect(fenToYuanString(-1250)).toBe('-12.50');
    expect(fenToYuanString(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
  });
});

describe('formatFen', () => {
  it('formats CNY for zh-CN and en', () => {
    expect(formatFen(123456, 'zh-CN')).toBe('¥1,234.56');
    expect(formatFen(5, 'zh-CN')).toBe('¥0.05');
    expect(formatFen(-1, 'zh-CN')).toBe('-¥0.01');
    expect(formatFen(123456, 'en')).toBe('CN¥1,234.56');
  });

  it('does not round huge amounts through a float', () => {
    expect(formatFen(Number.MAX_SAFE_INTEGER, 'zh-CN')).toBe('¥90,071,992,547,409.91');
  });
});

describe('roundCash (抹零)', () => {
  it('drops fen or jiao toward zero by default', () => {
    expect(roundCash(1237, 'jiao')).toEqual({ amount: 1230, adjustment: -7 });
    expect(roundCash(1237, 'yuan')).toEqual({ amount: 1200, adjustment: -37 });
    expect(roundCash(1237, 'none')).toEqual({ amount: 1237, adjustment: 0 });
  });
  it('can round half up instead', () => {
    expect(roundCash(1235, 'jiao', 'halfUp')).toEqual({ amount: 1240, adjustment: 5 });
  });
});
