import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { apiErrorBody, cartView, liveMessage, saleDone, sessionView } from '@mendian/protocol';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server.js';
import { boot, productByName, tempDir, type Booted } from '../selling/runtime-helpers.js';

const tmp = tempDir('api');
let b: Booted;
let app: FastifyInstance;
let base: string;
let token = '';

async function call(method: string, path: string, body?: unknown, auth = token) {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(auth ? { authorization: `Bearer ${auth}` } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  b = await boot(tmp.dir);
  app = await buildApi(b.rt);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app.close();
  await b.rt.stop();
  tmp.cleanup();
});

describe('lane API over HTTP', () => {
  test('login: wrong PIN is 401 with an error body; right PIN gives a session', async () => {
    const bad = await call(
      'POST',
      '/api/v1/sessions',
      { staffNo: '1001', pin: '0000', laneCode: '01' },
      '',
    );
    expect(bad.status).toBe(401);
    expect(apiErrorBody.parse(bad.json).error.code).toBe('WRONG_PIN');
    const good = await call(
      'POST',
      '/api/v1/sessions',
      { staffNo: '1001', pin: '1111', laneCode: '01' },
      '',
    );
    expect(good.status).toBe(200);
    token = sessionView.parse(good.json).token;
  });

  test('no session: 401; unknown route: 404; malformed JSON: 400 — all JSON error bodies', async () => {
    expect((await call('GET', '/api/v1/cart', undefined, '')).status).toBe(401);
    const nf = await call('GET', '/api/v1/nope');
    expect(nf.status).toBe(404);
    expect(apiErrorBody.safeParse(nf.json).success).toBe(true);
    const bad = await call('POST', '/api/v1/cart/scan', '{"code": ');
    expect(bad.status).toBe(400);
    expect(apiErrorBody.parse(bad.json).error.code).toBe('BAD_REQUEST');
  });

  test('a sale end to end, with invalid requests changing nothing', async () => {
    expect((await call('GET', '/api/v1/cart')).json).toMatchObject({ error: { code: 'NO_SHIFT' } });
    expect((await call('POST', '/api/v1/shift/open', { float: 20000 })).status).toBe(200);

    const events: unknown[] = [];
    const ws = new WebSocket(base.replace('http', 'ws') + '/api/v1/live');
    ws.on('message', (d: Buffer) => events.push(liveMessage.parse(JSON.parse(d.toString()))));
    await new Promise((r) => ws.once('open', r));

    const oil = productByName(b.data, '鲁花花生油');
    const scanned = await call('POST', '/api/v1/cart/scan', { code: oil.barcodes[0] });
    expect(scanned.status).toBe(200);
    const before = cartView.parse(scanned.json);

    // invalid requests: named fields, nothing changes
    const invalid = await call('POST', '/api/v1/cart/lines', { productId: 'x', quantity: -1 });
    expect(invalid.status).toBe(400);
    const err = apiErrorBody.parse(invalid.json).error;
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.message).toContain('productId');
    expect(err.message).toContain('quantity');
    expect((await call('PATCH', '/api/v1/cart/lines/1', { quantity: 0 })).status).toBe(400);
    expect((await call('PATCH', '/api/v1/cart/lines/9', { quantity: 2 })).status).toBe(404);
    expect(
      (await call('POST', '/api/v1/cart/lines/1/price', { unitPrice: 100 })).json,
    ).toMatchObject({ error: { code: 'APPROVAL_REQUIRED' } });
    expect(cartView.parse((await call('GET', '/api/v1/cart')).json)).toEqual(before);

    // approved override by the manager's PIN
    const overridden = await call('POST', '/api/v1/cart/lines/1/price', {
      unitPrice: 14000,
      approval: { staffNo: '9001', pin: '9999' },
    });
    expect(cartView.parse(overridden.json).total).toBe(14000);
    // manager approval with a wrong PIN is refused and changes nothing
    const wrongPin = await call('POST', '/api/v1/cart/lines/1/price', {
      unitPrice: 1,
      approval: { staffNo: '9001', pin: '0000' },
    });
    expect(wrongPin.status).toBe(401);

    expect((await call('POST', '/api/v1/cart/member', { phone: '13812345678' })).status).toBe(200);
    const tender = cartView.parse((await call('POST', '/api/v1/cart/tender')).json);
    expect(tender.state).toBe('tendering');
    // 14000 − 满100减20 (2000 on the overridden line? no: overridden lines take no promotion)
    expect(tender.total).toBe(14000);
    const badCode = await call('POST', '/api/v1/cart/payments/wallet', {
      authCode: '1234567890123456',
    });
    expect(badCode.json).toMatchObject({ error: { code: 'BAD_CODE' } });
    const paidWallet = cartView.parse(
      (
        await call('POST', '/api/v1/cart/payments/wallet', {
          authCode: '134567890123456789',
          amount: 4000,
        })
      ).json,
    );
    expect(paidWallet.remaining).toBe(10000);
    const card = cartView.parse(
      (await call('POST', '/api/v1/cart/payments/card', { amount: 5000 })).json,
    );
    expect(card.remaining).toBe(5000);
    const cash = cartView.parse(
      (await call('POST', '/api/v1/cart/payments/cash', { tendered: 10000 })).json,
    );
    expect(cash.payments.at(-1)).toMatchObject({ method: 'cash', amount: 5000, change: 5000 });

    const done = saleDone.parse(
      (await call('POST', '/api/v1/cart/commit', { cartId: cash.id })).json,
    );
    expect(done).toMatchObject({
      total: 14000,
      change: 5000,
      duplicate: false,
      receiptNo: `${b.data.store.code}-01-00000001`,
    });
    const retry = saleDone.parse(
      (await call('POST', '/api/v1/cart/commit', { cartId: cash.id })).json,
    );
    expect(retry).toEqual({ ...done, duplicate: true });
    expect(await b.rt.db.rx.orders.count().exec()).toBe(1);

    await new Promise((r) => setTimeout(r, 50));
    ws.close();
    const types = events.map((e) => (e as { type: string }).type);
    expect(types).toContain('cart');
    expect(types).toContain('order');
  });

  test('wallet gateway unreachable: 503 at once with a clear message', async () => {
    const wechat = b.rt.payments.walletStatus();
    expect(wechat.length).toBe(2);
    const water = productByName(b.data, '农夫山泉');
    await call('POST', '/api/v1/cart/lines', { productId: water.id, quantity: 1 });
    await call('POST', '/api/v1/cart/tender');
    const gw = (
      b.rt.payments as unknown as { opts: { gateways: { wechat: { reachable: boolean } } } }
    ).opts.gateways.wechat;
    gw.reachable = false;
    const r = await call('POST', '/api/v1/cart/payments/wallet', {
      authCode: '134567890123456789',
    });
    expect(r.status).toBe(503);
    expect(r.json).toMatchObject({ error: { code: 'GATEWAY_UNREACHABLE' } });
    const status = await call('GET', '/api/v1/status');
    expect(status.json).toMatchObject({
      wallets: [
        { provider: 'wechat', reachable: false },
        { provider: 'alipay', reachable: true },
      ],
    });
    gw.reachable = true;
    // cash still works
    expect(
      cartView.parse((await call('POST', '/api/v1/cart/payments/cash', { tendered: 200 })).json)
        .remaining,
    ).toBe(0);
  });

  test('search by pinyin initials and by category; OpenAPI lists every route', async () => {
    const hits = await call('GET', '/api/v1/products?q=NFSQ');
    expect((hits.json as unknown as { name: { zh: string } }[])[0]!.name.zh).toContain('农夫山泉');
    expect((await call('GET', '/api/v1/products?limit=0')).status).toBe(400);
    const doc = (await call('GET', '/openapi.json', undefined, '')).json as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.0.3');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/cart/scan',
        '/api/v1/cart/commit',
        '/api/v1/lines/{lineId}'.replace('/lines', '/cart/lines'),
      ]),
    );
  });
});
