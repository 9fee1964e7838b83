import { multiplyRatio, type Fen } from './money.js';
import type { SoldBy } from './schemas/common.js';

/**
 * The gross amount of a line: unit price × pieces, or price per kg × grams / 1000 rounded half up
 * (the rule printed on Chinese scale labels). One place, so the till, the receipt and HQ agree.
 */
export function lineGrossAmount(soldBy: SoldBy, unitPrice: Fen, quantity: number): Fen {
  return soldBy === 'weight'
    ? multiplyRatio(unitPrice, quantity, 1000)
    : multiplyRatio(unitPrice, quantity, 1);
}

/** The VAT contained in a tax-inclusive amount: amount × rate / (1 + rate), rounded half up. */
export function includedTax(amount: Fen, rateBasisPoints: number): Fen {
  return multiplyRatio(amount, rateBasisPoints, 10_000 + rateBasisPoints);
}

/** 1 jin (斤) = 500 g: scales and shelf labels in China often quote prices per jin. */
export const GRAMS_PER_JIN = 500;
