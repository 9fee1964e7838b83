import { describe, expect, it } from 'vitest';
import { classifyCode } from '@mendian/drivers/barcodes/classify';
import { parseGs1 } from '@mendian/drivers/barcodes/gs1';
import { parseGtin } from '@mendian/drivers/barcodes/gtin';
import { parseMemberCode } from '@mendian/drivers/barcodes/member-code';
import { parsePaymentCode } from '@mendian/drivers/barcodes/payment-code';
import { parseScaleCode } from '@mendian/drivers/barcodes/scale-code';
import { seededRandom } from '@mendian/drivers/simulators/prng';

const CODES = new Set([
  'EMPTY',
  'BAD_CHARACTERS',
  'BAD_LENGTH',
  'BAD_CHECK_DIGIT',
  'UNKNOWN_AI',
  'TRUNCATED',
  'BAD_DATE',
  'BAD_NUMBER',
  'NOT_THIS_FORMAT',
  'BAD_SIGNATURE',
  'EXPIRED',
  'NO_RULE',
]);

function randomText(random: () => number): string {
  const len = Math.floor(random() * 40);
  const mode = random();
  let s = '';
  for (let i = 0; i < len; i++) {
    if (mode < 0.4) s += String.fromCharCode(48 + Math.floor(random() * 10));
    else if (mode < 0.7) s += ']C1d2e0Q3\u001d0123456789ABC'[Math.floor(random() * 24)]!;
    else s += String.fromCharCode(Math.floor(random() * 256));
  }
  return s;
}

describe('barcode parsers under random input', () => {
  it('never throw; every refusal carries a known code (20 000 inputs, seed 2026)', () => {
    const random = seededRandom(2026);
    const parsers = [
      parseGtin,
      parseGs1,
      (t: string) => parseScaleCode(t),
      (t: string) => parsePaymentCode(t),
      parseMemberCode,
      (t: string) => classifyCode(t, { laneState: random() < 0.5 ? 'item' : 'payment' }),
    ];
    let refused = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = randomText(random);
      for (const parse of parsers) {
        const r = parse(text);
        if (!r.ok) {
          refused++;
          expect(CODES.has(r.error.code), `${r.error.code} for ${JSON.stringify(text)}`).toBe(true);
          expect(r.error.message.length).toBeGreaterThan(0);
        }
      }
    }
    expect(refused).toBeGreaterThan(50_000);
  });
});
