import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PrinterSimulator } from '@mendian/drivers';
import {
  receiptsOn,
  tcpReceiptPrinter,
  type ReceiptWiring,
} from '../../src/receipts/receipt-wiring.js';
import { boot, productByName, tempDir, type Booted } from './runtime-helpers.js';

const tmp = tempDir('receipts');
let sim: PrinterSimulator;
let b: Booted;
const wiring: ReceiptWiring = { service: null, queue: null };
const printerEvents: string[] = [];

function v<T>(r: { ok: true; value: T } | { ok: false; code: string; message: string }): T {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
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
  b.rt.events.on('printer', (p) => printerEvents.push(p.state));
  v(await b.rt.shifts.open('01', b.cashier, 0));
});
afterAll(async () => {
  await b.rt.stop();
  await sim.close();
  tmp.cleanup();
});

/** Waits for a condition instead of a fixed sleep: the shared machine's timing varies a lot. */
async function until(cond: () => boolean, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function cashSale(name: string, cash: number) {
  const p = productByName(b.data, name);
  v(b.rt.lanes.addProduct('01', b.cashier, p.id, 1));
  const paid = v(b.rt.tender.payCash('01', cash, false));
  return v(await b.rt.tender.commit('01', paid.cart.id));
}

describe('receipts on the printer simulator (ESC/POS over TCP)', () => {
  test('a cash sale prints a zh-CN receipt with its number as a barcode and kicks the drawer', async () => {
    const { order } = await cashSale('可口可乐', 1000);
    const [receipt] = await sim.waitForReceipts(1);
    const text = receipt!.lines.join('\n');
    expect(text).toContain('门店演示店');
    expect(text).toContain('可口可乐');
    expect(text).toContain(order.receiptNo);
    expect(text).toContain('找零');
    expect(
      receipt!.events.some((e) => e.type === 'barcode' && e.data.includes(order.receiptNo)),
    ).toBe(true);
    expect(sim.drawerKicks).toBe(1);
    expect(sim.decodeErrors).toEqual([]);
  });

  test('a retried commit or enqueue never prints twice', async () => {
    const { order } = await cashSale('农夫山泉', 200);
    await sim.waitForReceipts(2);
    while (wiring.queue!.get(order.id)?.status !== 'printed')
      await new Promise((r) => setTimeout(r, 5));
    const bytes = sim.bytesReceived;
    // the same order committed again and the same job enqueued again
    await b.rt.tender.commit('01', order.id);
    wiring.queue!.enqueue({
      jobId: order.id,
      kind: 'receipt',
      ref: order.receiptNo,
      document: 'x\n',
      openDrawer: false,
    });
    await wiring.queue!.kick();
    await new Promise((r) => setTimeout(r, 100));
    expect(sim.receipts).toHaveLength(2);
    expect(sim.bytesReceived).toBe(bytes);
  });

  test('paper out: the job waits in the queue, the lane is told, it prints after a refill', async () => {
    sim.paper = 'out';
    const { order } = await cashSale('康师傅冰红茶', 500);
    await until(
      () => printerEvents.includes('paperOut') && wiring.queue!.get(order.id)?.status === 'queued',
    );
    expect(sim.receipts).toHaveLength(2);
    expect(wiring.queue!.get(order.id)).toMatchObject({ status: 'queued' });
    expect(printerEvents).toContain('paperOut');
    sim.paper = 'ok';
    await sim.waitForReceipts(3, 15_000);
    await until(() => wiring.queue!.get(order.id)?.status === 'printed');
    expect(sim.receipts[2]!.lines.join('\n')).toContain(order.receiptNo);
  });

  test('printer switched off: reported offline; reprint on demand is marked as a reprint', async () => {
    await sim.powerOff();
    const { order } = await cashSale('乐事薯片', 1000);
    await until(() => printerEvents.includes('offline'), 15_000);
    await sim.powerOn();
    await sim.waitForReceipts(4, 15_000);
    const r = await wiring.service!.reprint(order.receiptNo);
    expect(r.ok).toBe(true);
    const all = await sim.waitForReceipts(5, 15_000);
    expect(all[4]!.lines.join('\n')).toContain('重印');
    expect(await wiring.service!.reprint('SH001-01-99999999')).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
  });
});
