import { describe, expect, it } from 'vitest';
import { lowStockResponse, stockSearchResponse, ulid } from '../src/index.js';

describe('stock view responses', () => {
  const line = {
    product: { productId: ulid(), sku: 'A1', name: { zh: '农夫山泉' }, soldBy: 'piece' },
    quantity: -2,
    negative: true,
    lastMovement: null,
    recentSales: { last24h: 3, last7d: 10 },
    location: null,
  };

  it('accepts what the stock routes send and drops fields the lane does not read', () => {
    const r = stockSearchResponse.parse({ data: [line] });
    expect(r.data[0]?.quantity).toBe(-2);
    expect('lastMovement' in r.data[0]!).toBe(false);
  });

  it('names the field that is wrong', () => {
    const r = stockSearchResponse.safeParse({ data: [{ ...line, quantity: 1.5 }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['data', 0, 'quantity']);
    const low = lowStockResponse.safeParse({
      data: [{ productId: 'x', sku: 'A', name: { zh: 'a' }, quantity: 1, threshold: {} }],
    });
    expect(low.success).toBe(false);
    expect(low.error?.issues.map((i) => i.path.join('.'))).toEqual([
      'data.0.productId',
      'data.0.threshold.minLevel',
    ]);
  });
});
