/**
 * Money is integer fen (CNY minor units) everywhere. Every function here refuses non-integers and
 * integers beyond Number.MAX_SAFE_INTEGER, because a silently rounded float is a lost fen.
 * Intermediate products use BigInt so that price × quantity never loses precision.
 */

export type Fen = number;

export class MoneyError extends Error {
  readonly code = 'MONEY_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'MoneyError';
  }
}

export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Throws unless `value` is a safe integer; returns it typed as fen. */
export function assertFen(value: unknown, what = 'amount'): Fen {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new MoneyError(`${what} must be an integer number of fen, got ${String(value)}`);
  }
  if (!Number.isSafeInteger(value)) {
    throw new MoneyError(`${what} ${String(value)} is beyond the safe integer range`);
  }
  return value;
}

function toSafeNumber(value: bigint, what: string): Fen {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyError(`${what} ${value.toString()} is beyond the safe integer range`);
  }
  return Number(value);
}

/**
 * How a quotient that falls between two fen is settled.
 * - halfUp: 0.5 away from zero (the rule Chinese tills and receipts use)
 * - halfEven: banker's rounding (for statistics, never for a customer's amount)
 * - down: toward zero (抹零 drops the fen toward zero)
 * - up: away from zero
 */
export type RoundingMode = 'halfUp' | 'halfEven' | 'down' | 'up';

/**
 * The one rounding function: numerator / denominator rounded to an integer with the given mode.
 * Both are integers (number or bigint); the result is a safe integer or an error.
 */
export function divideRound(
  numerator: number | bigint,
  denominator: number | bigint,
  mode: RoundingMode = 'halfUp',
): number {
  const n = typeof numerator === 'bigint' ? numerator : BigInt(assertFen(numerator, 'numerator'));
  const d =
    typeof denominator === 'bigint' ? denominator : BigInt(assertFen(denominator, 'denominator'));
  if (d === 0n) throw new MoneyError('division by zero');
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  let q = an / ad;
  const r = an % ad;
  if (r !== 0n) {
    const twice = r * 2n;
    switch (mode) {
      case 'down':
        break;
      case 'up':
        q += 1n;
        break;
      case 'halfUp':
        if (twice >= ad) q += 1n;
        break;
      case 'halfEven':
        if (twice > ad || (twice === ad && q % 2n === 1n)) q += 1n;
        break;
    }
  }
  return toSafeNumber(negative ? -q : q, 'rounded amount');
}

/** amount × numerator / denominator, rounded once: e.g. a price per kg times grams / 1000. */
export function multiplyRatio(
  amount: Fen,
  numerator: number,
  denominator: number,
  mode: RoundingMode = 'halfUp',
): Fen {
  assertFen(amount);
  assertFen(numerator, 'numerator');
  return divideRound(BigInt(amount) * BigInt(numerator), BigInt(denominator), mode);
}

/** A percentage given in basis points (10000 = 100%) of an amount, rounded once. */
export function percentOf(amount: Fen, basisPoints: number, mode: RoundingMode = 'halfUp'): Fen {
  return multiplyRatio(amount, basisPoints, 10_000, mode);
}

/** Sum of fen amounts; throws instead of losing precision. */
export function sumFen(amounts: readonly Fen[]): Fen {
  let total = 0n;
  for (const a of amounts) total += BigInt(assertFen(a));
  return toSafeNumber(total, 'sum');
}

/**
 * Splits `total` into parts proportional to `weights` so that the parts always sum to `total`
 * exactly (largest-remainder method). Ties in the remainder go to the earlier index, so the result
 * is deterministic. When every weight is zero the total is split as evenly as possible, so an
 * order-level amount is never lost because the lines are free. A negative total is split like its
 * absolute value and the signs are restored.
 */
export function allocate(total: Fen, weights: readonly number[]): Fen[] {
  assertFen(total, 'total');
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new MoneyError('cannot allocate a non-zero amount over no parts');
  }
  for (const w of weights) {
    assertFen(w, 'weight');
    if (w < 0) throw new MoneyError(`allocation weights must not be negative, got ${w}`);
  }
  const sign = total < 0 ? -1n : 1n;
  const abs = BigInt(total) * sign;
  const allZero = weights.every((w) => w === 0);
  const ws = weights.map((w) => (allZero ? 1n : BigInt(w)));
  const weightSum = ws.reduce((a, b) => a + b, 0n);
  const parts = ws.map((w) => (abs * w) / weightSum);
  const remainders = ws.map((w, i) => ({ i, r: (abs * w) % weightSum }));
  let left = abs - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts.map((p) => toSafeNumber(p * sign, 'allocated part'));
}

/**
 * Converts a decimal yuan string such as "12.5" or "-0.01" to fen without floating point.
 * More than two decimals is an error rather than a silent rounding.
 */
export function parseYuan(text: string): Fen {
  const m = /^\s*([+-]?)(\d+)(?:\.(\d{0,2}))?\s*$/.exec(text);
  if (!m) throw new MoneyError(`"${text}" is not an amount in yuan with at most two decimals`);
  const [, sign, whole = '0', frac = ''] = m;
  const fen = BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0') || '0');
  return toSafeNumber(sign === '-' ? -fen : fen, 'amount');
}

/** Exact decimal yuan text ("12.50") for an amount of fen. */
export function fenToYuanString(fen: Fen): string {
  assertFen(fen);
  const negative = fen < 0;
  const abs = BigInt(Math.abs(fen));
  const text = `${(abs / 100n).toString()}.${(abs % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

export type MoneyLocale = 'zh-CN' | 'en';

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Formats fen as CNY for display: "¥12.50" in zh-CN, "CN¥12.50" in en. The decimal string is
 * passed to Intl exactly, so huge amounts are not rounded through a float.
 */
export function formatFen(fen: Fen, locale: MoneyLocale = 'zh-CN'): string {
  let f = formatters.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: 'CNY',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    formatters.set(locale, f);
  }
  // Intl accepts decimal strings as exact values (NumberFormat v3, Node 20+).
  return f.format(fenToYuanString(fen) as unknown as number);
}

/**
 * Cash rounding (抹零): the amount a customer pays in cash after dropping fen (to 0.1 yuan) or
 * jiao (to 1 yuan). Returns the rounded amount and the adjustment (rounded - original, never > 0
 * for 'down').
 */
export type CashRoundingUnit = 'none' | 'jiao' | 'yuan';

export function roundCash(
  amount: Fen,
  unit: CashRoundingUnit,
  mode: RoundingMode = 'down',
): { amount: Fen; adjustment: Fen } {
  assertFen(amount);
  const step = unit === 'none' ? 1 : unit === 'jiao' ? 10 : 100;
  const rounded = divideRound(amount, step, mode) * step;
  return { amount: rounded, adjustment: rounded - amount };
}
