import { afterAll, beforeAll, expect, test } from 'vitest';
import { PrinterSimulator } from '@mendian/drivers';
import type { FastifyInstance } from 'fastify';
import { receiptRoutes } from '../../src/api/routes-receipts.js';
import { buildApi } from '../../src/api/server.js';
import {
  receiptsOn,
  tcpReceiptPrinter,
  type ReceiptWiring,
} from '../../src/receipts/receipt-wiring.js';
import { boot, tempDir, type Booted } from '../selling/runtime-helpers.js';

const tmp = tempDir('api-reports');
const wiring: ReceiptWiring = { service: null, queue: null };
let sim: PrinterSimulator;
let b: Booted;
let app: FastifyInstance;
let base: string;

async function call(method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(base + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
async function login(staffNo: string, pin: string) {
  return (
    (await call('POST', '/api/v1/sessions', '', { staffNo, pin, laneCode: '01' })).json as {
      token: string;
    }
  ).token;
}

beforeAll(async () => {
  sim = await PrinterSimulator.start();
  b = await boot(tmp.dir, {
    receipts: receiptsOn(
      tcpReceiptPrinter(sim.host, sim.port),
      { storeName: '门店演示店', timeZone: 'Asia/Shanghai', locale: 'zh-CN', retryMs: 30 },
      wiring,
    ),
  });
  app = await buildApi(b.rt, [receiptRoutes(wiring)]);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app.close();
  await b.rt.stop();
  await sim.close();
  tmp.cleanup();
});

test('no-sale drawer open needs a supervisor, is audited and kicks the drawer; X report prints', async () => {
  const cashier = await login('1001', '1111');
  expect((await call('POST', '/api/v1/drawer/open', cashier, {})).status).toBe(403);
  const approved = await call('POST', '/api/v1/drawer/open', cashier, {
    approval: { staffNo: '2001', pin: '2222' },
  });
  expect(approved.status).toBe(200);
  await sim.waitForReceipts(1, 15_000);
  expect(sim.drawerKicks).toBe(1);
  const audit = await b.rt.db.rx.auditEntries
    .find({ selector: { action: 'noSaleDrawerOpen' } })
    .exec();
  expect(audit).toHaveLength(1);
  expect(audit[0]!.approvedBy).toBe(b.data.staff.find((s) => s.staffNo === '2001')!.id);

  expect((await call('POST', '/api/v1/shift/x/print', cashier)).json).toMatchObject({
    error: { code: 'NO_SHIFT' },
  });
  await call('POST', '/api/v1/shift/open', cashier, { float: 10000 });
  expect((await call('POST', '/api/v1/shift/x/print', cashier)).status).toBe(200);
  const receipts = await sim.waitForReceipts(2, 15_000);
  const text = receipts[1]!.lines.join('\n');
  expect(text).toContain('X 报表');
  expect(text).toContain('100.00');
});
