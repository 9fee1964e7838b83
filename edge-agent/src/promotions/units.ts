import { allocate, type SoldBy } from '@mendian/protocol';
import type { TargetSubject } from './eligibility.js';

/** A cart line as the promotion engine sees it: what remains to pay after earlier discounts. */
export interface PromoLine extends TargetSubject {
  lineId: string;
  soldBy: SoldBy;
  quantity: number;
  /** What the line costs before promotions (gross minus member price and manual discounts). */
  net: number;
}

/**
 * Promotions act on units: one per piece, one per weighed line. Counting rules (n-th item, buy X
 * get Y, bundles) only use countable units; a weighed line is one unit that is not countable.
 */
export interface Unit {
  idx: number;
  lineIdx: number;
  subject: TargetSubject;
  countable: boolean;
  net: number;
}

/** Above this many pieces a line is one uncountable unit, so a pallet cannot blow up the engine. */
export const MAX_EXPANDED_PIECES = 2000;

export function expandUnits(lines: readonly PromoLine[]): Unit[] {
  const units: Unit[] = [];
  lines.forEach((line, lineIdx) => {
    const pieces = line.soldBy === 'piece' && line.quantity <= MAX_EXPANDED_PIECES;
    const nets = pieces ? allocate(line.net, new Array<number>(line.quantity).fill(1)) : [line.net];
    for (const net of nets) {
      units.push({ idx: units.length, lineIdx, subject: line, countable: pieces, net });
    }
  });
  return units;
}
