import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SerialPortMock } from 'serialport';
import type { ScanEvent } from '@mendian/protocol';
import honeywellSerial from '@mendian/drivers/models/honeywell-1900-serial';
import honeywellHid from '@mendian/drivers/models/honeywell-1900-hidpos';
import genericTcp from '@mendian/drivers/models/generic-tcp-scanner';
import xprinter from '@mendian/drivers/models/xprinter-xp58';
import { ScannerDriver } from '@mendian/drivers/scanners/scanner-driver';
import { EscPosPrinter } from '@mendian/drivers/printers/escpos-printer';
import { createPtyPair, type PtyPair } from '@mendian/drivers/simulators/pty-pair';
import {
  HidScannerSimulator,
  SerialScannerSimulator,
  TcpScannerSimulator,
} from '@mendian/drivers/simulators/scanner-simulator';
import { PrinterSimulator } from '@mendian/drivers/simulators/printer-simulator';
import { SerialTransport } from '@mendian/drivers/transports/serial-transport';
import { HidTransport } from '@mendian/drivers/transports/hid-transport';
import { TcpTransport } from '@mendian/drivers/transports/tcp-transport';
import { UsblpTransport } from '@mendian/drivers/transports/usblp-transport';
import { scanEvent } from '@mendian/protocol';
import { ulid } from '@mendian/protocol';

/** The part of serialport's MockPortBinding the tests drive (the device side of the mock). */
interface MockPortBinding {
  emitData(data: Buffer | string): void;
}

function collect(driver: ScannerDriver): ScanEvent[] {
  const out: ScanEvent[] = [];
  driver.onScan((e) => out.push(e));
  return out;
}

async function until<T>(fn: () => T | undefined, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('serial scanner on serialport MockBinding', () => {
  afterEach(() => SerialPortMock.binding.reset());

  it('CR-terminated scans become validated scan events with AIM symbology', async () => {
    SerialPortMock.binding.createPort('/dev/ttyMOCK0', { echo: false, record: true });
    const transport = new SerialTransport({
      path: '/dev/ttyMOCK0',
      baudRate: 115200,
      binding: SerialPortMock.binding,
    });
    await transport.open();
    const driver = new ScannerDriver(transport, honeywellSerial.capabilities, { source: 'serial' });
    const events = collect(driver);
    driver.start();
    const port = transport.openPort!.port as unknown as MockPortBinding;
    port.emitData(Buffer.from(']E06901'));
    port.emitData(Buffer.from('234567892\r]C1010950110102091710AB\r'));
    await until(() => (events.length >= 2 ? true : undefined));
    expect(events.map((e) => scanEvent.safeParse(e).success)).toEqual([true, true]);
    expect(events[0]).toMatchObject({
      data: '6901234567892',
      aimId: ']E0',
      symbology: 'ean13',
      source: 'serial',
      parsed: { kind: 'gtin' },
    });
    expect(events[0]!.rawHex).toBe(Buffer.from(']E06901234567892\r').toString('hex'));
    expect(events[1]).toMatchObject({
      symbology: 'gs1-128',
      parsed: { kind: 'gs1', gtin: '09501101020917', batch: 'AB' },
    });
    driver.stop();
    await transport.close();
  });

  it('a lane-dependent code carries no parsed field; a closed port reports TRANSPORT_CLOSED', async () => {
    SerialPortMock.binding.createPort('/dev/ttyMOCK1', { echo: false, record: true });
    const transport = new SerialTransport({
      path: '/dev/ttyMOCK1',
      baudRate: 9600,
      binding: SerialPortMock.binding,
    });
    await transport.open();
    const driver = new ScannerDriver(
      transport,
      { ...honeywellSerial.capabilities, aim: false },
      { source: 'serial' },
    );
    const events = collect(driver);
    driver.start();
    const closed = new Promise<Error | undefined>((r) => transport.onClose(r));
    (transport.openPort!.port as unknown as MockPortBinding).emitData(
      Buffer.from('280012301500029852\r'),
    );
    await until(() => events[0]);
    expect(events[0]!.parsed).toBeUndefined();
    await transport.close();
    await expect(transport.write(Uint8Array.of(1))).rejects.toMatchObject({
      code: 'TRANSPORT_CLOSED',
    });
    void closed;
  });
});

describe('on a socat pseudo-terminal pair (real serialport binding on both ends)', () => {
  let pty: PtyPair;
  beforeAll(async () => {
    pty = await createPtyPair();
  });
  afterAll(async () => {
    await pty.close();
  });

  it('a serial scanner simulator, slow line split in chunks', async () => {
    const device = new SerialTransport({ path: pty.devicePath, baudRate: 115200 });
    const sim = new SerialScannerSimulator(device);
    await sim.start();
    const host = new SerialTransport({ path: pty.hostPath, baudRate: 115200 });
    await host.open();
    const driver = new ScannerDriver(host, honeywellSerial.capabilities, { source: 'serial' });
    const events = collect(driver);
    driver.start();
    await sim.scan('6901234567892', { aimId: ']E0', chunkSize: 3, chunkDelayMs: 5 });
    await sim.scan('SH001-03-00012345', { aimId: ']C0' });
    await until(() => (events.length >= 2 ? true : undefined));
    expect(events.map((e) => [e.data, e.parsed?.kind])).toEqual([
      ['6901234567892', 'gtin'],
      ['SH001-03-00012345', 'receipt'],
    ]);
    driver.stop();
    await host.close();
    await sim.stop();
  });

  it('usblp transport: a uni-directional 58 mm printer on a device file', async () => {
    const device = new SerialTransport({ path: pty.devicePath, baudRate: 9600 });
    await device.open();
    const sim = await PrinterSimulator.start();
    const detach = sim.attach(device);
    const usblp = new UsblpTransport({ path: pty.hostPath });
    const printer = new EscPosPrinter(usblp, xprinter.capabilities);
    const r = await printer.print({
      jobId: ulid(),
      kind: 'receipt',
      document: '小票 58mm\n|合计 | ￥1.00|\n',
      copies: 1,
      openDrawer: false,
      cut: true,
    });
    expect(r.status).toBe('printed');
    // XP-58 has no cutter: receiptline is told not to cut, so the job ends without GS V.
    await until(() => (sim.decodeErrors.length === 0 && sim.bytesReceived > 20 ? true : undefined));
    await usblp.close();
    detach();
    await device.close();
    await sim.close();
  });

  it('usblp with status back: DLE EOT answered through the device file', async () => {
    const device = new SerialTransport({ path: pty.devicePath, baudRate: 9600 });
    await device.open();
    const sim = await PrinterSimulator.start();
    const detach = sim.attach(device);
    const usblp = new UsblpTransport({ path: pty.hostPath, readPollMs: 5 });
    const printer = new EscPosPrinter(usblp, {
      ...xprinter.capabilities,
      statusBack: true,
      cutter: true,
    });
    sim.coverOpen = true;
    expect(await printer.status()).toMatchObject({ coverOpen: true, online: false });
    sim.coverOpen = false;
    expect(
      (
        await printer.print({
          jobId: ulid(),
          kind: 'receipt',
          document: 'USB\n',
          copies: 1,
          openDrawer: false,
          cut: true,
        })
      ).status,
    ).toBe('printed');
    await sim.waitForReceipts(1);
    expect(sim.receipts[0]!.lines[0]!.trim()).toBe('USB');
    await usblp.close();
    detach();
    await device.close();
    await sim.close();
  });

  it('usblp: a missing device file is TRANSPORT_FAILED', async () => {
    await expect(new UsblpTransport({ path: '/nonexistent/usb/lp9' }).open()).rejects.toMatchObject(
      { code: 'TRANSPORT_FAILED' },
    );
  });
});

describe('network scanner over TCP', () => {
  it('CR LF framed scans from a scanner that is a TCP server', async () => {
    const sim = await TcpScannerSimulator.start();
    const t = new TcpTransport({ host: '127.0.0.1', port: sim.port });
    await t.open();
    const driver = new ScannerDriver(t, genericTcp.capabilities, { source: 'tcp' });
    const events = collect(driver);
    driver.start();
    await until(() => (sim.connected > 0 ? true : undefined));
    await sim.scan('134567890123456789', { chunkSize: 4, chunkDelayMs: 2 });
    await until(() => events[0]);
    expect(events[0]).toMatchObject({
      source: 'tcp',
      parsed: { kind: 'paymentCode', provider: 'wechat' },
    });
    const closed = new Promise((r) => t.onClose(r));
    await sim.stop();
    await closed;
    expect(t.isOpen).toBe(false);
  });
});

describe('HID-POS scanner', () => {
  it('reports are reassembled and AIM read; unplugging closes the transport', async () => {
    const device = new HidScannerSimulator();
    const t = new HidTransport({ path: '0c2e:0b61', opener: device.opener });
    await t.open();
    const driver = new ScannerDriver(t, honeywellHid.capabilities, { source: 'hid' });
    const events = collect(driver);
    driver.start();
    device.scan('0109501101020917' + '10' + 'LOT'.repeat(30), ']C1');
    await until(() => events[0]);
    expect(events[0]).toMatchObject({
      source: 'hid',
      aimId: ']C1',
      symbology: 'gs1-128',
      parsed: { kind: 'gs1', gtin: '09501101020917' },
    });
    const closed = new Promise<Error | undefined>((r) => t.onClose(r));
    device.unplug();
    expect(await closed).toMatchObject({ code: 'TRANSPORT_CLOSED' });
    expect(device.closed).toBe(true);
  });
});
