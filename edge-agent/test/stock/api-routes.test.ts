import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { lowStockResponse, stockLineResponse, stockSearchResponse, ulid } from '@mendian/protocol';
import { stockRoutes } from '../../src/stock/api-routes.js';
import type { StockService } from '../../src/stock/stock-service.js';
import { product, service, tempDir } from './helpers.js';

const tmp = tempDir('stock-api');
const storeId = ulid();
const manager = ulid();
let app: FastifyInstance;
let base: string;
let stock: StockService;
const cola = product({
  sku: 'COLA',
  name: { zh: '可口可乐' },
  pinyinInitials: 'KKKL',
  barcodes: ['6901234567892'],
});

beforeAll(async () => {
  ({ stock } = service(`${tmp.dir}/api.db`, storeId));
  stock.products.upsert([cola]);
  app = Fastify();
  // The session says who is signed in; a body staffId cannot override it.
  await app.register(stockRoutes, { prefix: '/api', stock, staffOf: () => manager });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/api${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: res.status,
    body: res.status === 204 ? null : ((await res.json()) as Record<string, unknown>),
  };
}

test('receive, search, count and approve over HTTP; errors carry a code and change nothing', async () => {
  const receipt = await call('POST', '/stock/receipts', {
    receiptId: ulid(),
    documentId: null,
    staffId: ulid(),
    lines: [{ productId: cola.id, quantity: 12 }],
  });
  expect(receipt).toMatchObject({ status: 201, body: { data: { movements: 1, status: 'adHoc' } } });
  expect(stock.facts.readSince(0, 10)[0]?.staffId).toBe(manager);

  const bad = await call('POST', '/stock/adjustments', { adjustmentId: ulid(), lines: [] });
  expect(bad.status).toBe(400);
  expect(bad.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });

  const search = await call('GET', '/stock/search?q=KKKL');
  // The manager UI reads these bodies with the protocol's stock-view schemas.
  expect(stockSearchResponse.safeParse(search.body).success).toBe(true);
  expect(search).toMatchObject({
    status: 200,
    body: { data: [{ product: { sku: 'COLA' }, quantity: 12 }] },
  });

  const countId = ulid();
  expect(
    (
      await call('POST', '/stock/counts', {
        countId,
        scope: { kind: 'zone', zone: 'A', productIds: [cola.id] },
      })
    ).status,
  ).toBe(201);
  const scan = await call('POST', `/stock/counts/${countId}/scans`, {
    scanId: ulid(),
    code: '6901234567892',
    quantity: 11,
  });
  expect(scan).toMatchObject({ status: 201, body: { data: { countedInRound: 11 } } });
  expect(
    await call('POST', `/stock/counts/${countId}/scans`, { scanId: ulid(), code: 'NOPE' }),
  ).toMatchObject({ status: 404, body: { error: { code: 'UNKNOWN_BARCODE' } } });
  expect(await call('GET', `/stock/counts/${countId}/variance`)).toMatchObject({
    status: 200,
    body: { data: { lines: [{ variance: -1 }] } },
  });
  expect(await call('POST', `/stock/counts/${countId}/approve`, {})).toMatchObject({
    status: 200,
    body: { data: { posted: 1 } },
  });
  expect(await call('POST', `/stock/counts/${countId}/approve`, {})).toMatchObject({
    status: 409,
    body: { error: { code: 'COUNT_NOT_OPEN' } },
  });
  expect(await call('GET', `/stock/products/${cola.id}`)).toMatchObject({
    body: { data: { quantity: 11, lastMovement: { kind: 'count' } } },
  });

  expect(
    (await call('PUT', `/stock/thresholds/${cola.id}`, { minLevel: 20, maxLevel: 48 })).status,
  ).toBe(200);
  const one = await call('GET', `/stock/products/${cola.id}`);
  expect(stockLineResponse.safeParse(one.body).error).toBeUndefined();
  expect(lowStockResponse.safeParse((await call('GET', '/stock/low')).body).error).toBeUndefined();
  expect(await call('GET', '/stock/low')).toMatchObject({
    body: { data: [{ sku: 'COLA', quantity: 11 }] },
  });
  expect(await call('GET', '/stock/reorder')).toMatchObject({
    body: { data: [{ sku: 'COLA', suggestedQuantity: 37 }] },
  });
  expect((await call('DELETE', `/stock/thresholds/${cola.id}`)).status).toBe(204);
  expect((await call('DELETE', `/stock/thresholds/${cola.id}`)).status).toBe(404);
});
