import type { Price } from '@mendian/protocol';

/** The prices in force for one product at one moment, for one store. */
export interface PriceInForce {
  regular: Price | null;
  member: Price | null;
}

/**
 * Which price wins: a store's own price beats the chain's while its window is open; within the
 * same scope the window that started latest wins (a promotion price laid over a standing one),
 * then the most recently updated, then the greater id, so every lane picks the same price.
 */
function better(a: Price, b: Price): boolean {
  const sa = a.storeId === null ? 0 : 1;
  const sb = b.storeId === null ? 0 : 1;
  if (sa !== sb) return sa > sb;
  if (a.validFrom !== b.validFrom) return a.validFrom > b.validFrom;
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt;
  return a.id > b.id;
}

export function isPriceOpen(p: Price, at: number): boolean {
  return p.validFrom <= at && (p.validTo === null || at < p.validTo);
}

/** Picks the regular and member price in force from a product's candidate prices. */
export function resolvePrice(
  candidates: readonly Price[],
  storeId: string,
  at: number,
): PriceInForce {
  let regular: Price | null = null;
  let member: Price | null = null;
  for (const p of candidates) {
    if (p.storeId !== null && p.storeId !== storeId) continue;
    if (!isPriceOpen(p, at)) continue;
    if (p.kind === 'regular') {
      if (regular === null || better(p, regular)) regular = p;
    } else if (member === null || better(p, member)) {
      member = p;
    }
  }
  return { regular, member };
}

/**
 * An in-memory index of prices by product, kept in step with the prices collection by `put` and
 * `remove`. Looking up a product's price is a map read plus a scan of its few candidates.
 */
export class PriceBook {
  private readonly byProduct = new Map<string, Map<string, Price>>();

  constructor(private readonly storeId: string) {}

  put(price: Price): void {
    if (price.storeId !== null && price.storeId !== this.storeId) return;
    let m = this.byProduct.get(price.productId);
    if (!m) {
      m = new Map();
      this.byProduct.set(price.productId, m);
    }
    m.set(price.id, price);
  }

  remove(price: Pick<Price, 'id' | 'productId'>): void {
    this.byProduct.get(price.productId)?.delete(price.id);
  }

  get size(): number {
    let n = 0;
    for (const m of this.byProduct.values()) n += m.size;
    return n;
  }

  priceAt(productId: string, at: number): PriceInForce {
    const m = this.byProduct.get(productId);
    if (!m) return { regular: null, member: null };
    return resolvePrice([...m.values()], this.storeId, at);
  }

  /**
   * The unit price a customer pays before promotions: the member price when a member is attached
   * and it is lower than the regular price.
   */
  unitPrice(
    productId: string,
    at: number,
    withMember: boolean,
  ): { regular: number; effective: number; memberPriceId: string | null } | null {
    const { regular, member } = this.priceAt(productId, at);
    if (regular === null) return null;
    if (withMember && member !== null && member.amount < regular.amount) {
      return { regular: regular.amount, effective: member.amount, memberPriceId: member.id };
    }
    return { regular: regular.amount, effective: regular.amount, memberPriceId: null };
  }
}
