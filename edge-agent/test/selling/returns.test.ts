import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { orderSchema, ulid, type Order } from '@mendian/protocol';
import { cumulativeShare } from '../../src/returns/refund-math.js';
import { WalletGatewaySimulator } from '../../src/payments/wallet-simulator.js';
import { boot, productByName, tempDir, type Booted } from './runtime-helpers.js';

const tmp = tempDir('returns');
let b: Booted;
const wechat = new WalletGatewaySimulator('wechat');
let sale: Order;

function v<T>(r: { ok: true; value: T } | { ok: false; code: string; message: string }): T {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
}

beforeAll(async () => {
  b = await boot(tmp.dir, { gateways: { wechat, alipay: new WalletGatewaySimulator('alipay') } });
  v(await b.rt.shifts.open('01', b.cashier, 10000));
  // 3 juice-like items under 满100减20 so order-level discounts are allocated into the lines
  v(b.rt.lanes.addProduct('01', b.cashier, productByName(b.data, '鲁花花生油').id, 3));
  v(b.rt.lanes.addProduct('01', b.cashier, productByName(b.data, '可口可乐').id, 3));
  v(await b.rt.lanes.attachMember('01', b.cashier, { phone: '13812345678' }));
  v(b.rt.tender.tender('01'));
  v(await b.rt.tender.payWallet('01', 'wechat', '134567890123456789', 20000));
  const paid = v(b.rt.tender.payCash('01', 100000, false));
  sale = v(await b.rt.tender.commit('01', paid.cart.id)).order;
});
afterAll(async () => {
  await b.rt.stop();
  tmp.cleanup();
});

describe('returns', () => {
  test('cumulative shares of a line always add up to what was paid', () => {
    for (const [amount, sold] of [
      [1000, 3],
      [999, 7],
      [1, 3],
      [44970, 3],
    ] as const) {
      let prev = 0;
      let sum = 0;
      for (const q of [1, 1, sold - 2]) {
        sum += cumulativeShare(amount, sold, prev, q);
        prev += q;
      }
      expect(sum).toBe(amount);
    }
  });

  test('needs a supervisor; partial returns refund the allocated price; a line is never refunded twice', async () => {
    const oilLine = sale.lines[0]!;
    expect(oilLine.discounts.length).toBeGreaterThan(1); // member price + 满100减20 share
    const denied = await b.rt.returns.refund({
      returnId: ulid(),
      receiptNo: sale.receiptNo,
      laneCode: '01',
      lines: [{ lineId: '1', quantity: 1, restock: 'sellable' }],
      actor: b.cashier,
    });
    expect(denied).toMatchObject({ ok: false, code: 'APPROVAL_REQUIRED' });

    const refunds: Order[] = [];
    for (const q of [1, 1, 1]) {
      const r = v(
        await b.rt.returns.refund({
          returnId: ulid(),
          receiptNo: sale.receiptNo,
          laneCode: '01',
          lines: [{ lineId: '1', quantity: q, restock: 'sellable' }],
          actor: b.manager,
        }),
      );
      expect(orderSchema.safeParse(r.order).success).toBe(true);
      refunds.push(r.order);
    }
    expect(refunds.reduce((s, o) => s + o.total, 0)).toBe(oilLine.netAmount);
    const again = await b.rt.returns.refund({
      returnId: ulid(),
      receiptNo: sale.receiptNo,
      laneCode: '01',
      lines: [{ lineId: '1', quantity: 1, restock: 'sellable' }],
      actor: b.manager,
    });
    expect(again).toMatchObject({ ok: false, code: 'ALREADY_REFUNDED' });
    // the first refunds went back to WeChat Pay (the sale's non-cash tender), through the gateway
    expect(refunds[0]!.payments[0]).toMatchObject({ method: 'wechat' });
  });

  test('retry with the same returnId returns the same refund; damaged goods and points are derived', async () => {
    const returnId = ulid();
    const input = {
      returnId,
      receiptNo: sale.receiptNo,
      laneCode: '01',
      lines: [{ lineId: '2', quantity: 2, restock: 'damaged' as const }],
      actor: b.manager,
    };
    const first = v(await b.rt.returns.refund(input));
    const second = v(await b.rt.returns.refund(input));
    expect(second).toMatchObject({ duplicate: true, order: { id: first.order.id } });
    await b.rt.committer.settled();
    const moves = (
      await b.rt.db.rx.stockMovements.find({ selector: { sourceId: returnId } }).exec()
    ).map((m) => [m.kind, m.quantityDelta, m.reason]);
    expect(moves.sort()).toEqual([
      ['adjustment', -2, 'damaged'],
      ['return', 2, 'damaged'],
    ]);
    const pts = await b.rt.db.rx.pointsEntries.findOne(`pts:${returnId}:reverse`).exec();
    expect(pts?.delta).toBe(-first.order.pointsEarned);
    expect(first.order.pointsEarned).toBeGreaterThan(0);
    const lookup = v(await b.rt.returns.lookup(sale.receiptNo));
    expect(lookup.lines.map((l) => l.remaining)).toEqual([0, 1]); // cola: 3 sold, 2 returned
  });

  test('another store’s receipt: HQ unreachable is reported, unknown receipts are not found', async () => {
    expect(await b.rt.returns.lookup('ZZ99-01-00000001')).toMatchObject({
      ok: false,
      code: 'HQ_UNREACHABLE',
    });
    expect(await b.rt.returns.lookup(`${b.data.store.code}-01-09999999`)).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await b.rt.returns.lookup('not a receipt')).toMatchObject({
      ok: false,
      code: 'BAD_CODE',
    });
  });
});
