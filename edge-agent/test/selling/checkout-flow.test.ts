import { afterAll, describe, expect, test } from 'vitest';
import { orderSchema } from '@mendian/protocol';
import { verifyChain } from '../../src/audit/hash-chain.js';
import { boot, productByName, tempDir } from './runtime-helpers.js';

const tmp = tempDir('flow');
afterAll(() => tmp.cleanup());

function v<T>(r: { ok: true; value: T } | { ok: false; code: string; message: string }): T {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
}

describe('checkout on the edge database', () => {
  test('sale: scan EAN-13 and scale label, member, promotions, split tender, commit, retry, restart', async () => {
    const dir = `${tmp.dir}/a`;
    const { rt, data, cashier } = await boot(dir);
    const cola = productByName(data, '可口可乐');
    expect(await rt.lanes.scan('01', cashier, cola.barcodes[0]!)).toMatchObject({
      ok: false,
      code: 'NO_SHIFT',
    });
    v(await rt.shifts.open('01', cashier, 50000));

    v(await rt.lanes.scan('01', cashier, cola.barcodes[0]!));
    v(await rt.lanes.scan('01', cashier, cola.barcodes[0]!));
    // 13-digit scale label: flag 20, PLU 10001 (apples), amount ¥15.36
    const body = '2010001' + '01536';
    let sum = 0;
    for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
    const label = body + String((10 - (sum % 10)) % 10);
    const afterLabel = v(await rt.lanes.scan('01', cashier, label));
    expect(afterLabel.priced.lines[1]).toMatchObject({
      grossAmount: 1536,
      quantity: 1200,
      soldBy: 'weight',
    });
    expect(await rt.lanes.scan('01', cashier, '6900000000000')).toMatchObject({ ok: false });

    const withMember = v(await rt.lanes.attachMember('01', cashier, { phone: '13812345678' }));
    // cola: member price 300 ×2 = 600, then 第二件半价 on 300 → 150 off; apples: 会员生鲜9折 154
    expect(withMember.priced.lines[0]!.netAmount).toBe(450);
    expect(withMember.priced.lines[1]!.netAmount).toBe(1536 - 154);
    const total = withMember.priced.total;
    expect(total).toBe(450 + 1382);

    v(rt.tender.tender('01'));
    v(await rt.tender.payWallet('01', 'wechat', '134567890123456789', 1000));
    const afterCash = v(rt.tender.payCash('01', 1000, true));
    // remaining 832 → 抹零 to the jiao: 830, change 170, rounding −2
    expect(afterCash.priced).toMatchObject({ rounding: -2, total: total - 2, remaining: 0 });
    const cartId = afterCash.cart.id;

    const done = v(await rt.tender.commit('01', cartId));
    expect(done.duplicate).toBe(false);
    expect(orderSchema.safeParse(done.order).success).toBe(true);
    expect(done.order.receiptNo).toBe(`${data.store.code}-01-00000001`);
    expect(done.order.payments.map((p) => p.method)).toEqual(['wechat', 'cash']);
    expect(done.order.pointsEarned).toBe(18);

    // a retry whose first answer was lost returns the same order
    const again = v(await rt.tender.commit('01', cartId));
    expect(again).toMatchObject({
      duplicate: true,
      order: { id: done.order.id, receiptNo: done.order.receiptNo },
    });
    expect(await rt.db.rx.orders.count().exec()).toBe(1);

    // derived facts with deterministic ids (written just after the answer)
    await rt.committer.settled();
    const stk = await rt.db.rx.stockMovements.find().exec();
    expect(stk.map((s) => s.id).sort()).toEqual([`stk:${cartId}:1`, `stk:${cartId}:2`]);
    expect(stk.find((s) => s.id.endsWith(':2'))!.quantityDelta).toBe(-1200);
    const pts = await rt.db.rx.pointsEntries.find().exec();
    expect(pts.map((p) => [p.id, p.delta])).toEqual([[`pts:${cartId}:earn`, 18]]);
    expect(rt.shifts.x('01')).toMatchObject({
      ok: true,
      value: { salesCount: 1, byMethod: { cash: 830, wechat: 1000 } },
    });

    await rt.stop();
    // restart: the sequence continues; payments already committed are left alone
    const { rt: rt2, cashier: c2 } = await boot(dir, {}, data);
    expect(rt2.recovery).toEqual({ committed: 0, reversed: 0, failed: 0, stillPending: 0 });
    expect(rt2.ref.catalog.size).toBe(data.products.length);
    v(await rt2.lanes.scan('01', c2, cola.barcodes[0]!));
    v(rt2.tender.payCash('01', 500, false));
    const second = v(await rt2.tender.commit('01', null));
    expect(second.order.receiptNo).toBe(`${data.store.code}-01-00000002`);
    const audit = (await rt2.db.rx.auditEntries.find().exec()).map((d) => d.toMutableJSON());
    expect(verifyChain(audit, data.store.id)).toMatchObject({ ok: true });
    await rt2.stop();
  });

  test('suspend and resume on another lane; void needs approval and is audited', async () => {
    const { rt, data, cashier, manager } = await boot(`${tmp.dir}/b`);
    v(await rt.shifts.open('01', cashier, 0));
    v(await rt.shifts.open('02', manager, 0));
    const water = productByName(data, '农夫山泉');
    v(rt.lanes.addProduct('01', cashier, water.id, 3));
    const suspended = v(rt.lanes.suspend('01'));
    expect(rt.lanes.view('01')).toBeNull();
    expect(rt.lanes.listSuspended()).toEqual([
      expect.objectContaining({ id: suspended.cart.id, lines: 1 }),
    ]);
    const resumed = v(rt.lanes.resume('02', manager, suspended.cart.id));
    expect(resumed.cart).toMatchObject({ laneCode: '02', state: 'open' });
    expect(rt.lanes.listSuspended()).toEqual([]);
    v(rt.lanes.addProduct('01', cashier, water.id, 1));
    expect(await rt.lanes.void('01', cashier)).toMatchObject({
      ok: false,
      code: 'APPROVAL_REQUIRED',
    });
    const approval = v(await rt.staffFor('01').approve('9001', '9999', 'orderVoid', cashier, null));
    v(await rt.lanes.void('01', cashier, approval));
    const actions = (await rt.db.rx.auditEntries.find({ sort: [{ seq: 'asc' }] }).exec()).map(
      (e) => e.action,
    );
    expect(actions).toEqual(['shiftOpen', 'shiftOpen', 'approval', 'orderVoid']);
    await rt.stop();
  });
});
