import { describe, expect, test } from 'vitest';
import {
  cashPaymentRequest,
  cartView,
  liveMessage,
  loginRequest,
  memberRequest,
  returnRequest,
  scanRequest,
  ulid,
  walletPaymentRequest,
} from '../src/index.js';

describe('lane API schemas', () => {
  test('login needs a 4-8 digit PIN and a lane code', () => {
    expect(loginRequest.safeParse({ staffNo: '1001', pin: '1111', laneCode: '01' }).success).toBe(
      true,
    );
    const bad = loginRequest.safeParse({ staffNo: '1001', pin: '11a1', laneCode: 'lane one' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path[0])).toEqual(['pin', 'laneCode']);
  });
  test('scan quantity is whole pieces or grams; wallet codes are 16-24 digits', () => {
    expect(scanRequest.safeParse({ code: '6921000000002', quantity: 1.5 }).success).toBe(false);
    expect(walletPaymentRequest.safeParse({ authCode: '134567890123456789' }).success).toBe(true);
    expect(walletPaymentRequest.safeParse({ authCode: '1345' }).success).toBe(false);
  });
  test('cash 抹零 defaults to off; member needs exactly one of phone or code', () => {
    expect(cashPaymentRequest.parse({ tendered: 100 })).toEqual({ tendered: 100, round: false });
    expect(memberRequest.safeParse({}).success).toBe(false);
    expect(memberRequest.safeParse({ phone: '13812345678', code: 'x' }).success).toBe(false);
    expect(memberRequest.safeParse({ phone: '13812345678' }).success).toBe(true);
  });
  test('returns carry a client id and at least one line', () => {
    expect(
      returnRequest.safeParse({ returnId: ulid(), receiptNo: 'SH001-01-00000001', lines: [] })
        .success,
    ).toBe(false);
    const r = returnRequest.parse({
      returnId: ulid(),
      receiptNo: 'SH001-01-00000001',
      lines: [{ lineId: '1', quantity: 1, restock: 'damaged' }],
    });
    expect(r.refundTo).toBe('original');
  });
  test('live messages are a discriminated union; a cart view must be consistent in types', () => {
    expect(
      liveMessage.safeParse({ type: 'printer', state: 'paperOut', message: '缺纸' }).success,
    ).toBe(true);
    expect(liveMessage.safeParse({ type: 'cart', lane: '01', cart: null }).success).toBe(true);
    expect(liveMessage.safeParse({ type: 'nope' }).success).toBe(false);
    expect(cartView.safeParse({ id: 'x' }).success).toBe(false);
  });
});
