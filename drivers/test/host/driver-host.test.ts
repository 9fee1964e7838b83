import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from '@mendian/protocol';
import { DriverHost } from '@mendian/drivers/host/driver-host';
import { PrinterSimulator } from '@mendian/drivers/simulators/printer-simulator';
import { createPtyPair, type PtyPair } from '@mendian/drivers/simulators/pty-pair';
import { ScaleSimulator } from '@mendian/drivers/simulators/scale-simulator';
import { TcpScannerSimulator } from '@mendian/drivers/simulators/scanner-simulator';
import { DisplaySimulator } from '@mendian/drivers/simulators/display-simulator';
import { SerialTransport } from '@mendian/drivers/transports/serial-transport';
import { Probe, TestBroker } from '../helpers/broker.js';

const P = 'mendian/SH001';

describe('driver host bridging simulated devices to a real aedes broker', () => {
  let broker: TestBroker;
  let probe: Probe;
  let printer: PrinterSimulator;
  let scanner: TcpScannerSimulator;
  let scalePty: PtyPair;
  let scale: ScaleSimulator;
  let displayPty: PtyPair;
  let display: DisplaySimulator;
  let host: DriverHost;

  beforeAll(async () => {
    broker = await TestBroker.start();
    probe = await Probe.connect(broker.url, `${P}/#`);
    printer = await PrinterSimulator.start();
    scanner = await TcpScannerSimulator.start();
    scalePty = await createPtyPair();
    scale = new ScaleSimulator(new SerialTransport({ path: scalePty.devicePath, baudRate: 9600 }), {
      protocol: 'toledo-continuous',
      rateHz: 20,
      settleMs: 200,
    });
    await scale.start();
    displayPty = await createPtyPair();
    display = new DisplaySimulator(
      new SerialTransport({ path: displayPty.devicePath, baudRate: 9600 }),
      { protocol: 'led8', columns: 8, encoding: 'ascii' },
    );
    await display.start();
    host = new DriverHost({
      store: 'SH001',
      mqtt: { url: broker.url, reconnectMs: 200 },
      heartbeatSeconds: 1,
      printerStatusSeconds: 1,
      reconnect: { minMs: 100, maxMs: 400 },
      devices: [
        {
          id: 'printer-1',
          model: 'epson-tm-t82iii',
          transport: { type: 'tcp', host: '127.0.0.1', port: printer.port, connectTimeoutMs: 500 },
        },
        {
          id: 'scanner-1',
          model: 'generic-tcp-scanner',
          transport: { type: 'tcp', host: '127.0.0.1', port: scanner.port },
        },
        {
          id: 'scale-1',
          model: 'mettler-toledo-8217',
          transport: { type: 'serial', path: scalePty.hostPath },
        },
        {
          id: 'display-1',
          model: 'led8-price-display',
          transport: { type: 'serial', path: displayPty.hostPath },
        },
      ],
    });
    await host.start();
  });

  afterAll(async () => {
    await host.stop();
    await probe.close();
    await display.stop();
    await scale.stop();
    await scanner.stop();
    await printer.close();
    await scalePty.close();
    await displayPty.close();
    await broker.down();
  });

  it('announces every device online (retained) and sends heartbeats', async () => {
    for (const d of [
      'printer/printer-1',
      'scanner/scanner-1',
      'scale/scale-1',
      'display/display-1',
    ]) {
      await probe.waitFor(
        (m) =>
          m.topic === `${P}/${d}/availability` &&
          (m.json as { status: string }).status === 'online',
        5000,
        `${d} online`,
      );
    }
    await probe.waitFor((m) => m.topic === `${P}/scale/scale-1/heartbeat`, 3000, 'heartbeat');
    const late = await Probe.connect(broker.url, `${P}/printer/printer-1/availability`);
    const retained = await late.waitFor(() => true, 3000, 'retained availability');
    expect(retained.retain).toBe(true);
    await late.close();
  });

  it('scans and weights arrive as schema-valid events', async () => {
    await scanner.scan('6901234567892', { aimId: ']E0' });
    const scan = await probe.waitFor((m) => m.topic === `${P}/scanner/scanner-1/event`);
    expect(scan.json).toMatchObject({
      data: '6901234567892',
      symbology: 'ean13',
      source: 'tcp',
      parsed: { kind: 'gtin' },
    });
    scale.place(1500);
    const w = await probe.waitFor(
      (m) =>
        m.topic === `${P}/scale/scale-1/event` &&
        (m.json as { stable: boolean; grams: number }).stable &&
        (m.json as { grams: number }).grams === 1500,
    );
    expect(w.json).toMatchObject({ grams: 1500, displayUnit: 'kg', overload: false });
    expect(probe.invalid).toEqual([]);
  });

  it('commands get replies in the envelope: print, readWeight, tare, display', async () => {
    const jobId = ulid();
    const print = await probe.command(`${P}/printer/printer-1`, {
      command: 'print',
      params: {
        jobId,
        kind: 'receipt',
        document: '^门店小票\n|合计 | ￥12.50|\n',
        openDrawer: true,
      },
    });
    expect(print).toMatchObject({ status: 'ok', data: { jobId, status: 'printed' } });
    await printer.waitForReceipts(1);
    expect(printer.drawerKicks).toBe(1);
    await probe.waitFor(
      (m) =>
        m.topic === `${P}/printer/printer-1/state` &&
        (m.json as { drawerOpen?: boolean }).drawerOpen === true,
    );

    const weight = await probe.command(`${P}/scale/scale-1`, { command: 'readWeight', params: {} });
    expect(weight).toMatchObject({ status: 'ok', data: { grams: 1500, stable: true } });

    const shown = await probe.command(`${P}/display/display-1`, {
      command: 'display',
      params: { amount: 1250, mode: 'total' },
    });
    expect(shown).toMatchObject({ status: 'ok', data: { lines: ['12.50'] } });
    await display.waitFor((t) => t[0] === 'total:12.50');
    expect(probe.invalid).toEqual([]);
  });

  it('refusals are error replies with a code: wrong command, late, malformed, paper out', async () => {
    expect(
      await probe.command(`${P}/scale/scale-1`, {
        command: 'print',
        params: { jobId: ulid(), kind: 'test', document: 'x' },
      }),
    ).toMatchObject({
      status: 'error',
      error: { code: 'UNSUPPORTED_COMMAND' },
    });
    const now = Date.now();
    await probe.client.publishAsync(
      `${P}/scale/scale-1/cmd`,
      JSON.stringify({
        transaction: 'late-1',
        sentAt: now - 5000,
        deadline: now - 1000,
        command: 'tare',
        params: {},
      }),
      { qos: 1 },
    );
    expect(
      (
        await probe.waitFor(
          (m) =>
            (m.json as { transaction?: string }).transaction === 'late-1' &&
            m.topic.endsWith('/reply'),
        )
      ).json,
    ).toMatchObject({ error: { code: 'DEADLINE_EXCEEDED' } });
    await probe.client.publishAsync(
      `${P}/scale/scale-1/cmd`,
      JSON.stringify({ transaction: 'bad-1', command: 'tare' }),
      { qos: 1 },
    );
    expect(
      (
        await probe.waitFor(
          (m) =>
            m.topic.endsWith('/reply') &&
            (m.json as { transaction?: string }).transaction === 'bad-1',
        )
      ).json,
    ).toMatchObject({ status: 'error', error: { code: 'BAD_REQUEST' } });
    printer.paper = 'out';
    expect(
      await probe.command(`${P}/printer/printer-1`, {
        command: 'print',
        params: { jobId: ulid(), kind: 'receipt', document: '缺纸\n' },
      }),
    ).toMatchObject({
      status: 'error',
      error: { code: 'PAPER_OUT' },
    });
    await probe.waitFor(
      (m) =>
        m.topic === `${P}/printer/printer-1/state` && (m.json as { paper: string }).paper === 'out',
    );
    printer.paper = 'ok';
  });

  it('an idle printer is polled: paper out shows in its state without any command', async () => {
    const mark = probe.messages.length;
    printer.paper = 'out';
    await probe.waitFor(
      (m) =>
        probe.messages.indexOf(m) >= mark &&
        m.topic === `${P}/printer/printer-1/state` &&
        (m.json as { paper: string }).paper === 'out',
      4000,
      'polled paper-out state',
    );
    printer.paper = 'ok';
  });

  it('a printer switched off goes offline from polling alone, and online when it returns', async () => {
    const mark = probe.messages.length;
    await printer.powerOff();
    await probe.waitFor(
      (m) =>
        probe.messages.indexOf(m) >= mark &&
        m.topic === `${P}/printer/printer-1/availability` &&
        (m.json as { status: string }).status === 'offline',
      5000,
      'printer offline',
    );
    const mark2 = probe.messages.length;
    await printer.powerOn();
    await probe.waitFor(
      (m) =>
        probe.messages.indexOf(m) >= mark2 &&
        m.topic === `${P}/printer/printer-1/availability` &&
        (m.json as { status: string }).status === 'online',
      5000,
      'printer online again',
    );
  });

  it('a retried transaction is answered again without printing twice', async () => {
    const before = printer.receipts.length;
    const now = Date.now();
    const msg = JSON.stringify({
      transaction: 'retry-1',
      sentAt: now,
      deadline: now + 10_000,
      command: 'print',
      params: { jobId: ulid(), kind: 'receipt', document: '一次\n' },
    });
    await probe.client.publishAsync(`${P}/printer/printer-1/cmd`, msg, { qos: 1 });
    await probe.client.publishAsync(`${P}/printer/printer-1/cmd`, msg, { qos: 1 });
    const replies = (): number =>
      probe.messages.filter(
        (m) =>
          m.topic.endsWith('/reply') &&
          (m.json as { transaction?: string }).transaction === 'retry-1',
      ).length;
    await probe.waitFor(() => replies() >= 2, 5000, 'two replies');
    await printer.waitForReceipts(before + 1);
    // Give a wrongly repeated job time to arrive before counting.
    await new Promise((r) => setTimeout(r, 300));
    expect(replies()).toBe(2);
    expect(printer.receipts.length).toBe(before + 1);
  });

  it('a scanner that disappears goes offline and comes back on its own', async () => {
    const port = scanner.port;
    await scanner.stop();
    await probe.waitFor(
      (m) =>
        m.topic === `${P}/scanner/scanner-1/availability` &&
        (m.json as { status: string }).status === 'offline',
      5000,
      'scanner offline',
    );
    const mark = probe.messages.length;
    scanner = await TcpScannerSimulator.start(port);
    await probe.waitFor(
      (m) =>
        probe.messages.indexOf(m) >= mark &&
        m.topic === `${P}/scanner/scanner-1/availability` &&
        (m.json as { status: string }).status === 'online',
      5000,
      'scanner online again',
    );
    await new Promise((r) => setTimeout(r, 50));
    await scanner.scan('73513537');
    await probe.waitFor(
      (m) =>
        m.topic === `${P}/scanner/scanner-1/event` &&
        (m.json as { data: string }).data === '73513537',
    );
  });

  it('the broker disappears and returns: the host reconnects and re-announces', async () => {
    await probe.close();
    await broker.down();
    await new Promise((r) => setTimeout(r, 300));
    await broker.up();
    probe = await Probe.connect(broker.url, `${P}/#`);
    // Retained state was lost with the broker: the host must publish it again.
    await probe.waitFor(
      (m) =>
        m.topic === `${P}/scale/scale-1/availability` &&
        (m.json as { status: string }).status === 'online',
      8000,
      'online after broker restart',
    );
    await probe.waitFor(
      (m) => m.topic === `${P}/printer/printer-1/state`,
      8000,
      'printer state after broker restart',
    );
    await scanner.scan('4006381333931');
    await probe.waitFor(
      (m) =>
        m.topic === `${P}/scanner/scanner-1/event` &&
        (m.json as { data: string }).data === '4006381333931',
      5000,
    );
  });

  it('a host that dies leaves its devices offline through the last will', async () => {
    const availability = (): unknown[] =>
      probe.messages
        .filter((m) => m.topic === `${P}/display/display-1/availability`)
        .map((m) => m.json);
    // Before the kill the display is online: no stale will was left by the broker restart.
    expect(availability().at(-1)).toMatchObject({ status: 'online' });
    const mark = probe.messages.length;
    const runtime = host.devices.get('display-1')!;
    runtime.mqtt.kill();
    const will = await probe.waitFor(
      (m) =>
        probe.messages.indexOf(m) >= mark &&
        m.topic === `${P}/display/display-1/availability` &&
        (m.json as { reason?: string }).reason === 'lastWill',
      8000,
      'last will',
    );
    expect(will.json).toMatchObject({ status: 'offline', reason: 'lastWill' });
  });
});

describe('driver host configuration', () => {
  it('reports every problem at once', () => {
    let message = '';
    try {
      new DriverHost({
        store: 'sh1',
        mqtt: { url: 'http://x' },
        devices: [
          { id: 'a', model: 'nope', transport: { type: 'tcp', host: 'x', port: 9100 } },
          { id: 'bad id', model: 'cas-pd2', transport: { type: 'tcp', host: 'x', port: 1 } },
        ],
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/store/);
    expect(message).toMatch(/mqtt.url/);
    expect(message).toMatch(/devices\[1\]\.id/);
  });

  it('unknown models, transports a model does not speak and duplicate ids are refused', () => {
    expect(
      () =>
        new DriverHost({
          store: 'SH001',
          mqtt: { url: 'mqtt://127.0.0.1:1883' },
          devices: [
            { id: 'a', model: 'nope', transport: { type: 'tcp', host: 'x', port: 9100 } },
            { id: 'b', model: 'cas-pd2', transport: { type: 'tcp', host: 'x', port: 1 } },
            {
              id: 'b',
              model: 'epson-tm-t82iii',
              transport: { type: 'tcp', host: 'x', port: 9100 },
            },
          ],
        }),
    ).toThrow(/unknown model "nope".*cas-pd2 speaks serial, not tcp.*duplicate device id "b"/);
  });
});
