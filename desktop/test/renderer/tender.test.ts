import { describe, expect, it } from 'vitest';
import {
  changeDue,
  entryFen,
  initialTender,
  isSettled,
  quickCashAmounts,
  remaining,
  tenderReducer,
  type TenderAction,
  type TenderState,
} from '../../src/renderer/state/tender.js';

const run = (s: TenderState, ...actions: TenderAction[]) => actions.reduce(tenderReducer, s);

describe('tender state', () => {
  it('offers the exact amount and the next notes above it', () => {
    expect(quickCashAmounts(3790)).toEqual([3790, 4000, 5000, 10000]);
    expect(quickCashAmounts(5000)).toEqual([5000, 6000, 10000]);
    expect(quickCashAmounts(0)).toEqual([]);
  });

  it('types yuan on the keypad without floating point', () => {
    const s = run(
      initialTender(1000),
      ...['1', '2', '.', '3', '4', '5'].map((d) => ({ type: 'digit', digit: d }) as const),
    );
    expect(s.entry).toBe('12.34');
    expect(entryFen(s)).toBe(1234);
    expect(entryFen(run(s, { type: 'backspace' }, { type: 'backspace' }))).toBe(1200);
    expect(entryFen(run(initialTender(1), { type: 'digit', digit: '.' }))).toBeNull();
    expect(
      entryFen(run(initialTender(1), { type: 'digit', digit: '.' }, { type: 'digit', digit: '5' })),
    ).toBe(50);
    expect(run(initialTender(1), { type: 'digit', digit: 'x' }).entry).toBe('');
  });

  it('splits cash and card, gives change only on cash', () => {
    let s = initialTender(12345);
    s = tenderReducer(s, { type: 'addPart', part: { method: 'card', amount: 5000 } });
    expect(remaining(s)).toBe(7345);
    s = tenderReducer(s, { type: 'addPart', part: { method: 'cash', amount: 10000 } });
    expect(remaining(s)).toBe(0);
    expect(changeDue(s)).toBe(10000 - 7345);
    expect(isSettled(s)).toBe(true);
    // Nothing more is accepted once settled.
    expect(tenderReducer(s, { type: 'addPart', part: { method: 'card', amount: 1 } })).toBe(s);
  });

  it('caps a card payment at what is left', () => {
    const s = tenderReducer(initialTender(500), {
      type: 'addPart',
      part: { method: 'card', amount: 900 },
    });
    expect(s.parts[0]?.amount).toBe(500);
    expect(changeDue(s)).toBe(0);
  });

  it('holds a wallet payment in USERPAYING until paid, and cancel leaves nothing behind', () => {
    let s = initialTender(2000);
    s = tenderReducer(s, { type: 'walletWaiting', paymentId: 'p1', amount: 2000, at: 1 });
    expect(isSettled(s)).toBe(false);
    const cancelled = tenderReducer(s, { type: 'walletCancelled' });
    expect(cancelled.parts).toEqual([]);
    expect(remaining(cancelled)).toBe(2000);
    // A late confirmation for another payment id is ignored.
    expect(
      tenderReducer(s, {
        type: 'walletPaid',
        paymentId: 'other',
        reference: 'r',
        method: 'wechat',
      }),
    ).toBe(s);
    s = tenderReducer(s, {
      type: 'walletPaid',
      paymentId: 'p1',
      reference: 'W1',
      method: 'wechat',
    });
    expect(s.parts).toEqual([{ method: 'wechat', amount: 2000, reference: 'W1' }]);
    expect(isSettled(s)).toBe(true);
  });
});
