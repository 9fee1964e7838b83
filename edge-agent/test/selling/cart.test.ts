import { describe, expect, test } from 'vitest';
import { ulid } from '@mendian/protocol';
import { Cart } from '../../src/checkout/cart.js';
import { CART_TRANSITIONS, nextState } from '../../src/checkout/cart-machine.js';
import { priceCart } from '../../src/checkout/cart-pricing.js';
import type { CartProduct } from '../../src/checkout/cart-types.js';
import { STORE, T0, id, promo, target } from './fixtures.js';

const cashier = { staffId: ulid(), role: 'cashier' as const };
const manager = { staffId: ulid(), role: 'manager' as const };
const ctx = { storeId: STORE, at: T0, timeZone: 'Asia/Shanghai' };

function product(name: string, soldBy: 'piece' | 'weight' = 'piece', taxRate = 1300): CartProduct {
  return {
    productId: id(name),
    sku: name.toUpperCase(),
    name: { zh: name },
    soldBy,
    taxRate,
    categoryIds: [],
  };
}

function value<T>(r: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe('cart state machine', () => {
  test('the transitions table allows exactly the documented moves', () => {
    const moves = Object.entries(CART_TRANSITIONS).flatMap(([from, evs]) =>
      Object.entries(evs).map(([ev, t]) => `${from}-${ev}->${t.to}`),
    );
    expect(moves.sort()).toEqual(
      [
        'open-tender->tendering',
        'open-suspend->suspended',
        'open-void->voided',
        'tendering-back->open',
        'tendering-commit->committed',
        'tendering-void->voided',
        'suspended-resume->open',
      ].sort(),
    );
  });

  test.each([
    ['open', 'tender', 0, 0, 0, false],
    ['open', 'tender', 1, 0, 100, true],
    ['tendering', 'commit', 1, 50, 100, false],
    ['tendering', 'commit', 1, 100, 100, true],
    ['tendering', 'back', 1, 50, 100, false],
    ['tendering', 'void', 1, 50, 100, false],
    ['committed', 'void', 1, 100, 100, false],
    ['suspended', 'commit', 1, 0, 100, false],
  ] as const)(
    '%s --%s--> (lines %i, paid %i, due %i) allowed=%s',
    (from, ev, lineCount, paid, due, allowed) => {
      expect(nextState(from, ev, { lineCount, paid, due }).ok).toBe(allowed);
    },
  );
});

describe('cart', () => {
  test('scan twice adds to the line; weighed item keeps grams; totals to the fen', () => {
    const cart = Cart.open('01', cashier.staffId, () => T0);
    value(
      cart.addLine({
        product: product('cola'),
        quantity: 1,
        regularUnitPrice: 350,
        memberUnitPrice: 300,
      }),
    );
    value(
      cart.addLine({
        product: product('cola'),
        quantity: 2,
        regularUnitPrice: 350,
        memberUnitPrice: 300,
      }),
    );
    value(
      cart.addLine({
        product: product('apple', 'weight', 900),
        quantity: 1234,
        regularUnitPrice: 1280,
        memberUnitPrice: null,
      }),
    );
    const s = cart.snapshot;
    expect(s.lines.map((l) => [l.lineId, l.quantity])).toEqual([
      ['1', 3],
      ['2', 1234],
    ]);
    const p = priceCart(s, [], ctx);
    // 3 × 350 = 1050; 1280 × 1.234 = 1579.52 → 1580
    expect(p.lines.map((l) => l.grossAmount)).toEqual([1050, 1580]);
    expect(p.total).toBe(2630);
    expect(p.lines[1]!.taxAmount).toBe(130); // 1580 × 9/109 = 130.46
  });

  test('member price applies only with a member attached, as a discount with its reason', () => {
    const cart = Cart.open('01', cashier.staffId, () => T0);
    value(
      cart.addLine({
        product: product('cola'),
        quantity: 2,
        regularUnitPrice: 350,
        memberUnitPrice: 300,
      }),
    );
    expect(priceCart(cart.snapshot, [], ctx).total).toBe(700);
    value(cart.attachMember({ id: ulid(), tier: 'gold', name: null, phoneMasked: '138****0000' }));
    const p = priceCart(cart.snapshot, [], ctx);
    expect(p.total).toBe(600);
    expect(p.lines[0]!.discounts[0]).toMatchObject({
      amount: 100,
      reason: { source: 'memberPrice' },
    });
  });

  test('price override needs approval; approved override records who and takes no promotion', () => {
    const cart = Cart.open('01', cashier.staffId, () => T0);
    value(
      cart.addLine({
        product: product('milk'),
        quantity: 2,
        regularUnitPrice: 1000,
        memberUnitPrice: null,
      }),
    );
    const denied = cart.overridePrice('1', 800, cashier);
    expect(denied).toMatchObject({ ok: false, code: 'APPROVAL_REQUIRED' });
    const approval = {
      approvedBy: manager.staffId,
      role: 'manager' as const,
      action: 'priceOverride' as const,
      at: T0,
    };
    value(cart.overridePrice('1', 800, cashier, approval));
    const p = priceCart(
      cart.snapshot,
      [promo('N2', { type: 'nthItem', target: target(['milk']), n: 2, offRate: 5000 })],
      ctx,
    );
    expect(p.total).toBe(1600);
    expect(p.lines[0]!.priceOverride).toEqual({
      originalUnitPrice: 1000,
      approvedBy: manager.staffId,
    });
    expect(cart.snapshot.approvals).toHaveLength(1);
  });

  test('manual discount within the cashier limit (5%) is allowed; beyond needs a manager', () => {
    const cart = Cart.open('01', cashier.staffId, () => T0);
    value(
      cart.addLine({
        product: product('rice'),
        quantity: 1,
        regularUnitPrice: 10000,
        memberUnitPrice: null,
      }),
    );
    value(cart.manualDiscount(null, 500, cashier));
    expect(cart.manualDiscount(null, 501, cashier)).toMatchObject({
      ok: false,
      code: 'APPROVAL_REQUIRED',
    });
    const approval = {
      approvedBy: manager.staffId,
      role: 'manager' as const,
      action: 'manualDiscount' as const,
      at: T0,
    };
    value(cart.manualDiscount(null, 2000, cashier, approval));
    const p = priceCart(cart.snapshot, [], ctx);
    expect(p.total).toBe(8000);
    expect(p.lines[0]!.discounts[0]!.reason).toMatchObject({
      code: 'MANUAL_ORDER',
      approvedBy: manager.staffId,
    });
  });

  test('bad quantity and unknown line are refused and change nothing', () => {
    const cart = Cart.open('01', cashier.staffId, () => T0);
    value(
      cart.addLine({
        product: product('cola'),
        quantity: 1,
        regularUnitPrice: 350,
        memberUnitPrice: null,
      }),
    );
    const before = cart.snapshot;
    expect(cart.setQuantity('1', 0)).toMatchObject({ ok: false, code: 'BAD_QUANTITY' });
    expect(cart.setQuantity('1', 1.5)).toMatchObject({ ok: false, code: 'BAD_QUANTITY' });
    expect(cart.removeLine('9')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(cart.snapshot).toBe(before);
  });

  test('suspend and resume; a suspended or tendering cart cannot be edited', () => {
    const cart = Cart.open('01', cashier.staffId, () => T0);
    value(
      cart.addLine({
        product: product('cola'),
        quantity: 1,
        regularUnitPrice: 350,
        memberUnitPrice: null,
      }),
    );
    value(cart.transition('suspend', { due: 350, paid: 0 }));
    expect(
      cart.addLine({
        product: product('cola'),
        quantity: 1,
        regularUnitPrice: 350,
        memberUnitPrice: null,
      }),
    ).toMatchObject({
      ok: false,
      code: 'INVALID_STATE',
    });
    value(cart.transition('resume', { due: 350, paid: 0 }));
    value(cart.transition('tender', { due: 350, paid: 0 }));
    expect(cart.removeLine('1')).toMatchObject({ ok: false, code: 'INVALID_STATE' });
  });

  test('20-line cart with promotions, member and order discount: every line nets exactly', () => {
    const cart = Cart.open('01', cashier.staffId, () => T0);
    for (let i = 0; i < 20; i++) {
      value(
        cart.addLine({
          product: product(`p${i}`),
          quantity: 1 + (i % 3),
          regularUnitPrice: 199 + i * 37,
          memberUnitPrice: i % 2 ? 180 + i * 30 : null,
        }),
      );
    }
    value(cart.attachMember({ id: ulid(), tier: 'gold', name: null, phoneMasked: '138****0000' }));
    const promos = [
      promo('N2', { type: 'nthItem', target: target(['p1', 'p4', 'p7']), n: 2, offRate: 5000 }),
      promo('T', {
        type: 'threshold',
        target: target(),
        tiers: [{ threshold: 5000, off: 500 }],
        repeat: true,
      }),
    ];
    const p = priceCart(cart.snapshot, promos, ctx);
    for (const l of p.lines) {
      expect(l.netAmount).toBe(l.grossAmount - l.discounts.reduce((s, d) => s + d.amount, 0));
      expect(l.netAmount).toBeGreaterThanOrEqual(0);
    }
    expect(p.total).toBe(p.subtotal - p.discountTotal);
    expect(p.applied.map((a) => a.code)).toEqual(['N2', 'T']);
  });
});
