import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openLocalDb } from '../../src/db/local-db.js';
import { cashTender } from '../../src/payments/cash.js';
import { CardTerminalSimulator } from '../../src/payments/card-terminal.js';
import { IntentStore } from '../../src/payments/intent-store.js';
import { PaymentService } from '../../src/payments/payment-service.js';
import { WalletGatewaySimulator } from '../../src/payments/wallet-simulator.js';

const dir = mkdtempSync(join(tmpdir(), 'mendian-pay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function setup() {
  const file = join(dir, `local-${++n}.sqlite`);
  const db = openLocalDb(file);
  const wechat = new WalletGatewaySimulator('wechat', { confirmAfterPolls: 2 });
  const alipay = new WalletGatewaySimulator('alipay');
  const card = new CardTerminalSimulator();
  const make = () =>
    new PaymentService({
      intents: new IntentStore(db),
      gateways: { wechat, alipay },
      card,
      pollIntervalMs: 5,
      userPayingTimeoutMs: 200,
    });
  return { file, db, wechat, alipay, card, svc: make(), make, intents: new IntentStore(db) };
}

describe('cash', () => {
  test.each([
    // remaining, tendered, unit → amount, change, rounding
    [2637, 5000, 'none', 2637, 2363, 0],
    [2637, 5000, 'jiao', 2630, 2370, -7],
    [2637, 5000, 'yuan', 2600, 2400, -37],
    [2637, 1000, 'jiao', 1000, 0, 0], // partial cash in a split tender is never rounded
    [2630, 2630, 'jiao', 2630, 0, 0],
  ] as const)(
    'remaining %i tendered %i 抹零=%s',
    (remaining, tendered, unit, amount, change, rounding) => {
      expect(cashTender(remaining, tendered, unit)).toEqual({
        ok: true,
        value: { amount, tendered, change, rounding },
      });
    },
  );
  test('zero or fractional cash is refused', () => {
    expect(cashTender(100, 0, 'none')).toMatchObject({ ok: false, code: 'BAD_AMOUNT' });
    expect(cashTender(100, 1.5, 'none')).toMatchObject({ ok: false, code: 'BAD_AMOUNT' });
  });
});

describe('wallet micropay (B扫C) with durable intents', () => {
  test('SUCCESS: intent written before the call, settled with the transaction id', async () => {
    const { svc, intents, wechat } = setup();
    const r = await svc.payWallet('cart1', 'wechat', 1234, '134567890123456789', '门店消费');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const intent = intents.get(r.value.paymentId)!;
    expect(intent).toMatchObject({
      status: 'succeeded',
      amount: 1234,
      reference: r.value.reference,
    });
    expect(wechat.calls).toEqual(['micropay']);
  });

  test('USERPAYING then confirmed: polled with query until SUCCESS', async () => {
    const { svc, wechat } = setup();
    const r = await svc.payWallet('cart1', 'wechat', 500, '134567890123450002', 'x');
    expect(r.ok).toBe(true);
    expect(wechat.calls).toEqual(['micropay', 'query', 'query']);
  });

  test('USERPAYING never confirmed: reversed after the timeout', async () => {
    const { svc, wechat, intents } = setup();
    const r = await svc.payWallet('cart1', 'wechat', 500, '134567890123450003', 'x');
    expect(r).toMatchObject({ ok: false, code: 'TIMEOUT' });
    expect(wechat.calls.at(-1)).toBe('reverse');
    expect(intents.byStatus('reversed')).toHaveLength(1);
  });

  test('FAIL (余额不足) is declined with the gateway code; nothing stays pending', async () => {
    const { svc, intents } = setup();
    const r = await svc.payWallet('cart1', 'alipay', 500, '284567890123450001', 'x');
    expect(r).toMatchObject({ ok: false, code: 'DECLINED', details: { gatewayCode: 'NOTENOUGH' } });
    expect(intents.byStatus('pending')).toHaveLength(0);
  });

  test('gateway unreachable: told at once, later attempts fail fast, cash and card still work', async () => {
    const { svc, wechat } = setup();
    wechat.reachable = false;
    const r = await svc.payWallet('cart1', 'wechat', 500, '134567890123456789', 'x');
    expect(r).toMatchObject({ ok: false, code: 'GATEWAY_UNREACHABLE' });
    const callsAfterFirst = wechat.calls.length;
    const again = await svc.payWallet('cart1', 'wechat', 500, '134567890123456789', 'x');
    expect(again).toMatchObject({ ok: false, code: 'GATEWAY_UNREACHABLE' });
    expect(wechat.calls.length).toBe(callsAfterFirst); // held: the gateway was not even called
    expect(svc.walletStatus().find((s) => s.provider === 'wechat')).toMatchObject({
      reachable: false,
    });
    expect((await svc.payCard('cart1', 500)).ok).toBe(true);
    expect(svc.payCash('cart1', 500, 1000, 500)).toMatchObject({ method: 'cash', change: 500 });
  });

  test('response lost and reverse impossible: intent stays pending; after a restart recovery reverses the paid trade', async () => {
    const { svc, wechat, make, intents } = setup();
    wechat.loseResponses = 1; // the gateway takes the money but the answer never arrives
    const first = svc.payWallet('cartX', 'wechat', 800, '134567890123456789', 'x');
    // and the network drops before the reverse can be sent
    const r = await first.then((res) => res);
    // With the network back for reverse, the service reverses immediately:
    expect(r).toMatchObject({ ok: false, code: 'GATEWAY_UNREACHABLE' });
    const intentId = (r as { details: { intentId: string } }).details.intentId;
    expect(wechat.tradeState(intentId)).toBe('REVOKED');

    // Now the case where the network is gone before the reverse: the process "dies" pending.
    wechat.loseResponses = 1;
    wechat.onCall = (name) => {
      if (name === 'reverse') wechat.reachable = false;
    };
    const r2 = await make().payWallet('cartY', 'wechat', 900, '134567890123456789', 'x');
    const id2 = (r2 as { details: { intentId: string } }).details.intentId;
    expect(intents.get(id2)!.status).toBe('pending');
    expect(wechat.tradeState(id2)).toBe('SUCCESS'); // the customer has paid
    wechat.onCall = null;
    wechat.reachable = true;
    // restart: a new service on the same SQLite file recovers
    const summary = await make().recover(() => Promise.resolve(false));
    expect(summary).toMatchObject({ reversed: 1, stillPending: 0 });
    expect(intents.get(id2)!.status).toBe('reversed');
    expect(wechat.tradeState(id2)).toBe('REVOKED'); // money given back
  });

  test('recovery keeps a paid intent whose order did commit', async () => {
    const { svc, make, intents } = setup();
    const r = await svc.payWallet('cartZ', 'alipay', 300, '284567890123456789', 'x');
    expect(r.ok).toBe(true);
    const summary = await make().recover((cartId) => Promise.resolve(cartId === 'cartZ'));
    expect(summary.committed).toBe(1);
    expect(intents.byStatus('committed')).toHaveLength(1);
  });

  test('intents survive closing and reopening the SQLite file', async () => {
    const { svc, db, file } = setup();
    await svc.payWallet('cartQ', 'wechat', 100, '134567890123456789', 'x');
    db.close();
    const reopened = new IntentStore(openLocalDb(file));
    expect(reopened.forCart('cartQ')).toHaveLength(1);
  });

  test('card declined and terminal offline', async () => {
    const { svc, card } = setup();
    expect(await svc.payCard('c', 1099)).toMatchObject({ ok: false, code: 'DECLINED' });
    card.connected = false;
    expect(await svc.payCard('c', 1000)).toMatchObject({ ok: false, code: 'TERMINAL_UNAVAILABLE' });
  });
});
