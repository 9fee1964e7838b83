import type { z } from 'zod';
import { promotionSchema, ulid, type Promotion, type promotionRule } from '@mendian/protocol';
import type { PromoLine } from '../../src/promotions/units.js';

export const STORE = ulid();
export const T0 = Date.UTC(2026, 0, 5, 4, 0); // Monday 12:00 in Asia/Shanghai

const ids = new Map<string, string>();
/** A stable ULID per readable name, so tables can say 'cola' instead of an id. */
export function id(name: string): string {
  let v = ids.get(name);
  if (!v) {
    v = ulid();
    ids.set(name, v);
  }
  return v;
}

export function promo(
  code: string,
  rule: z.input<typeof promotionRule>,
  extra: Partial<Omit<Promotion, 'rule' | 'code'>> = {},
): Promotion {
  return promotionSchema.parse({
    schemaVersion: 1,
    id: id(`promo:${code}`),
    code,
    name: { zh: code },
    storeIds: null,
    memberOnly: false,
    validFrom: 0,
    validTo: null,
    rule,
    active: true,
    updatedAt: 0,
    ...extra,
  });
}

export function target(products: string[] = [], categories: string[] = []) {
  return { productIds: products.map(id), categoryIds: categories.map(id) };
}

export function line(
  name: string,
  unitPrice: number,
  quantity: number,
  opts: { category?: string; weight?: boolean } = {},
): PromoLine {
  const weighed = opts.weight === true;
  return {
    lineId: `${name}-${unitPrice}-${quantity}`,
    productId: id(name),
    categoryIds: opts.category ? [id(opts.category)] : [],
    soldBy: weighed ? 'weight' : 'piece',
    quantity,
    net: weighed ? Math.round((unitPrice * quantity) / 1000) : unitPrice * quantity,
  };
}
