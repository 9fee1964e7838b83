import { describe, expect, it } from 'vitest';
import {
  COLLECTION_NAMES,
  collections,
  includedTax,
  lineGrossAmount,
  maskPhone,
  orderSchema,
  parseOrThrow,
  priceSchema,
  productSchema,
  promotionSchema,
  rxSchemaFor,
  safeParse,
  staffSchema,
  stockMovementSchema,
  ulid,
  ValidationError,
} from '@mendian/protocol';
import { sampleOrder } from './fixtures.js';

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('orders', () => {
  it('accepts a consistent sale', () => {
    expect(parseOrThrow(orderSchema, sampleOrder(), 'order').total).toBe(990);
  });

  it('names the field of a malformed line', () => {
    const bad = sampleOrder();
    (bad.lines[1] as { quantity: unknown }).quantity = 1.5;
    const e = errorOf(() => parseOrThrow(orderSchema, bad, 'order'));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.issues.map((i) => i.path)).toContain('lines[1].quantity');
    expect(e.message).toMatch(/^invalid order: lines\[1\]\.quantity:/);
  });

  it('refuses money as floats and unsafe integers', () => {
    const r = safeParse(orderSchema, sampleOrder({ total: 9.9 }), 'order');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues[0]?.path).toBe('total');
    const big = safeParse(orderSchema, sampleOrder({ subtotal: 2 ** 60 }), 'order');
    expect(big.ok).toBe(false);
  });

  it('checks that totals, discounts and payments add up', () => {
    const o = sampleOrder({ discountTotal: 99 });
    const e = errorOf(() => parseOrThrow(orderSchema, o, 'order'));
    expect(e.issues).toContainEqual({
      path: 'discountTotal',
      message: 'must equal the sum of line discounts',
    });
    const p = sampleOrder();
    p.payments = [{ ...p.payments[0]!, amount: 980 }];
    expect(errorOf(() => parseOrThrow(orderSchema, p, 'order')).message).toMatch(
      /payments sum to 980 but total is 990/,
    );
  });

  it('requires a return to reference its sale, and refuses duplicate line ids', () => {
    const r = safeParse(orderSchema, sampleOrder({ kind: 'return' }), 'order');
    expect(!r.ok && r.error.issues.some((i) => i.path === 'returnOf')).toBe(true);
    const d = sampleOrder();
    d.lines[1]!.lineId = '1';
    const dr = safeParse(orderSchema, d, 'order');
    expect(!dr.ok && dr.error.issues.some((i) => i.path === 'lines[1].lineId')).toBe(true);
  });

  it('refuses a receipt number of the wrong shape and an id that is not a ULID', () => {
    const r = safeParse(orderSchema, sampleOrder({ receiptNo: '42', id: 'abc' }), 'order');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.issues.map((i) => i.path).sort()).toEqual(['id', 'receiptNo']);
    }
  });

  it('requires each document to carry its schema version', () => {
    const r = safeParse(orderSchema, { ...sampleOrder(), schemaVersion: 2 }, 'order');
    expect(!r.ok && r.error.message).toMatch(/schemaVersion: schemaVersion must be 1/);
  });
});

describe('catalog and reference data', () => {
  const product = {
    schemaVersion: 1,
    id: ulid(),
    sku: '6901234567892',
    name: { zh: '农夫山泉 550ml', en: 'Nongfu Spring 550ml' },
    pinyinInitials: 'NFSQ',
    barcodes: ['6901234567892', '06901234567892'],
    unit: 'bottle',
    soldBy: 'piece',
    taxRate: 1300,
    categoryId: null,
    ownerStoreId: null,
    active: true,
    updatedAt: 1,
  };

  it('accepts a product with several barcodes', () => {
    expect(productSchema.parse(product).barcodes).toHaveLength(2);
  });

  it('refuses a weighed product without a weight unit, naming the field', () => {
    const r = safeParse(productSchema, { ...product, soldBy: 'weight' }, 'product');
    expect(!r.ok && r.error.issues).toEqual([
      { path: 'unit', message: 'a product sold by weight must have unit kg, jin or g' },
    ]);
  });

  it('refuses lower-case pinyin initials and a tax rate above 100%', () => {
    const r = safeParse(productSchema, { ...product, pinyinInitials: 'nfsq', taxRate: 13000 }, 'p');
    expect(!r.ok && r.error.issues.map((i) => i.path).sort()).toEqual([
      'pinyinInitials',
      'taxRate',
    ]);
  });

  it('checks price windows', () => {
    const price = {
      schemaVersion: 1,
      id: ulid(),
      productId: ulid(),
      storeId: null,
      kind: 'regular',
      amount: 200,
      validFrom: 100,
      validTo: 100,
    };
    const r = safeParse(priceSchema, { ...price, updatedAt: 1 }, 'price');
    expect(!r.ok && r.error.issues[0]?.path).toBe('validTo');
  });

  it('accepts the promotion rules Chinese retail runs', () => {
    const base = {
      schemaVersion: 1,
      id: ulid(),
      code: 'P1',
      name: { zh: '满100减20' },
      storeIds: null,
      memberOnly: false,
      validFrom: 0,
      validTo: null,
      active: true,
      updatedAt: 1,
    };
    const t = { productIds: [], categoryIds: [] };
    const rules = [
      { type: 'percentOff', target: t, offRate: 2000 },
      { type: 'amountOff', target: t, amount: 100 },
      { type: 'nthItem', target: t, n: 2, offRate: 5000 },
      { type: 'buyXGetY', target: t, buy: 2, reward: t, get: 1, offRate: 10000 },
      { type: 'threshold', target: t, tiers: [{ threshold: 10000, off: 2000 }], repeat: true },
      { type: 'fixedPriceGroup', components: [{ target: t, quantity: 3 }], price: 1000 },
    ];
    for (const rule of rules) {
      expect(promotionSchema.parse({ ...base, rule }).rule.type).toBe(rule.type);
    }
    const r = safeParse(
      promotionSchema,
      { ...base, rule: { type: 'nthItem', target: t, n: 1, offRate: 5000 } },
      'promotion',
    );
    expect(!r.ok && r.error.issues[0]?.path).toBe('rule.n');
  });

  it('never takes a plain PIN for staff', () => {
    const r = safeParse(
      staffSchema,
      {
        schemaVersion: 1,
        id: ulid(),
        storeId: null,
        staffNo: 'C001',
        name: '张三',
        role: 'cashier',
        pinHash: '1234',
        active: true,
        updatedAt: 1,
      },
      'staff',
    );
    expect(!r.ok && r.error.message).toMatch(/pinHash: must be a scrypt hash string/);
  });

  it('refuses a stock movement of zero', () => {
    const r = safeParse(
      stockMovementSchema,
      {
        schemaVersion: 1,
        id: 'stk:01J:1',
        storeId: ulid(),
        productId: ulid(),
        sku: 'A',
        kind: 'sale',
        quantityDelta: 0,
        reason: null,
        sourceType: 'order',
        sourceId: null,
        staffId: null,
        createdAt: 1,
      },
      'movement',
    );
    expect(!r.ok && r.error.issues[0]?.path).toBe('quantityDelta');
  });
});

describe('line amounts', () => {
  it('computes gross amounts for pieces and weights', () => {
    expect(lineGrossAmount('piece', 350, 3)).toBe(1050);
    expect(lineGrossAmount('weight', 1298, 537)).toBe(697);
  });
  it('computes included VAT', () => {
    // 113 fen at 13% contains 13 fen VAT
    expect(includedTax(113, 1300)).toBe(13);
    expect(includedTax(0, 1300)).toBe(0);
  });
});

describe('maskPhone', () => {
  it('masks mobile numbers as shown on screen and receipt', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+8613812345678')).toBe('138****5678');
    expect(maskPhone('87654321')).toBe('87****21');
    expect(maskPhone('123')).toBe('***');
  });
});

describe('collections registry', () => {
  it('lists every replicated collection with a kind', () => {
    expect(COLLECTION_NAMES).toEqual(
      expect.arrayContaining([
        'stores',
        'staff',
        'products',
        'prices',
        'promotions',
        'members',
        'orders',
        'stockMovements',
        'pointsEntries',
        'shiftClosings',
        'auditEntries',
        'trafficAggregates',
        'onlineOrders',
      ]),
    );
    expect(collections.orders.kind).toBe('fact');
    expect(collections.members.kind).toBe('shared');
    expect(collections.products.kind).toBe('reference');
  });

  it('generates an RxDB schema for each, with indexable fields bounded', () => {
    for (const name of COLLECTION_NAMES) {
      const s = rxSchemaFor(name);
      expect(s.primaryKey).toBe('id');
      expect(s.version).toBe(collections[name].schemaVersion - 1);
      expect(s.properties.id?.maxLength).toBeLessThanOrEqual(200);
      for (const index of s.indexes) {
        for (const field of typeof index === 'string' ? [index] : index) {
          expect(s.required).toContain(field);
          const p = s.properties[field]!;
          if (p.type === 'string') expect(p.maxLength).toBeGreaterThan(0);
          else expect(p.multipleOf).toBe(1);
        }
      }
    }
  });
});
