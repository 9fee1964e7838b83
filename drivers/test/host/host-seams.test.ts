import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SerialPortMock } from 'serialport';
import { DriverHost } from '@mendian/drivers/host/driver-host';
import { HidScannerSimulator } from '@mendian/drivers/simulators/scanner-simulator';
import type { SerialTransport } from '@mendian/drivers/transports/serial-transport';
import { ScannerDriver } from '@mendian/drivers/scanners/scanner-driver';
import honeywellSerial from '@mendian/drivers/models/honeywell-1900-serial';
import { Probe, TestBroker } from '../helpers/broker.js';

const P = 'mendian/GZ003/scanner';

describe('driver host with the serial and HID seams (MockBinding, HID device double)', () => {
  let broker: TestBroker;
  let probe: Probe;
  let host: DriverHost;
  const hid = new HidScannerSimulator();

  beforeAll(async () => {
    broker = await TestBroker.start();
    probe = await Probe.connect(broker.url, 'mendian/GZ003/#');
    SerialPortMock.binding.createPort('/dev/ttyHOST0', { echo: false, record: true });
    host = new DriverHost(
      {
        store: 'GZ003',
        mqtt: { url: broker.url, reconnectMs: 200 },
        reconnect: { minMs: 100, maxMs: 300 },
        devices: [
          {
            id: 'lane1-serial',
            model: 'honeywell-1900-serial',
            transport: { type: 'serial', path: '/dev/ttyHOST0' },
          },
          {
            id: 'lane1-hid',
            model: 'honeywell-1900-hidpos',
            transport: { type: 'hid', path: '0c2e:0b61' },
          },
        ],
      },
      { seams: { serialBinding: SerialPortMock.binding, hidOpener: hid.opener } },
    );
    await host.start();
  });
  afterAll(async () => {
    await host.stop();
    await probe.close();
    await broker.down();
    SerialPortMock.binding.reset();
  });

  it('both scanners publish scans on their own topics', async () => {
    await probe.waitFor(
      (m) =>
        m.topic === `${P}/lane1-hid/availability` &&
        (m.json as { status: string }).status === 'online',
    );
    hid.scan('6901234567892', ']E0');
    await probe.waitFor(
      (m) => m.topic === `${P}/lane1-hid/event` && (m.json as { source: string }).source === 'hid',
    );
    // The mock port of the serial device: reach it through the runtime's transport.
    const runtime = host.devices.get('lane1-serial')!;
    const transport = (runtime as unknown as { transport: SerialTransport }).transport;
    (transport.openPort!.port as unknown as { emitData(b: Buffer): void }).emitData(
      Buffer.from(']E073513537\r'),
    );
    const e = await probe.waitFor((m) => m.topic === `${P}/lane1-serial/event`);
    expect(e.json).toMatchObject({ data: '73513537', symbology: 'ean8', source: 'serial' });
    expect(probe.invalid).toEqual([]);
  });

  it('an unplugged HID scanner goes offline and is reopened by the host', async () => {
    const mark = probe.messages.length;
    hid.unplug();
    await probe.waitFor(
      (m) =>
        probe.messages.indexOf(m) >= mark &&
        m.topic === `${P}/lane1-hid/availability` &&
        (m.json as { status: string }).status === 'offline',
    );
    await probe.waitFor(
      (m) =>
        probe.messages.indexOf(m) >= mark &&
        m.topic === `${P}/lane1-hid/availability` &&
        (m.json as { status: string }).status === 'online',
    );
    hid.scan('4006381333931');
    await probe.waitFor(
      (m) =>
        m.topic === `${P}/lane1-hid/event` && (m.json as { data: string }).data === '4006381333931',
    );
  });

  it('setEnabled false silences a scanner until enabled again', async () => {
    expect(
      await probe.command(`${P}/lane1-hid`, { command: 'setEnabled', params: { enabled: false } }),
    ).toMatchObject({ status: 'ok', data: { enabled: false } });
    const mark = probe.messages.length;
    hid.scan('73513537');
    await new Promise((r) => setTimeout(r, 200));
    expect(probe.messages.slice(mark).some((m) => m.topic === `${P}/lane1-hid/event`)).toBe(false);
    await probe.command(`${P}/lane1-hid`, { command: 'setEnabled', params: { enabled: true } });
  });
});

describe('a listener that throws', () => {
  it('is counted and the other listeners still get the scan', async () => {
    SerialPortMock.binding.createPort('/dev/ttyTHROW', { echo: false, record: true });
    const { SerialTransport: Serial } =
      await import('@mendian/drivers/transports/serial-transport');
    const t = new Serial({
      path: '/dev/ttyTHROW',
      baudRate: 9600,
      binding: SerialPortMock.binding,
    });
    await t.open();
    const driver = new ScannerDriver(t, honeywellSerial.capabilities, { source: 'serial' });
    const got: string[] = [];
    driver.onScan(() => {
      throw new Error('consumer bug');
    });
    driver.onScan((e) => got.push(e.data));
    driver.start();
    (t.openPort!.port as unknown as { emitData(b: Buffer): void }).emitData(
      Buffer.from('73513537\r'),
    );
    const deadline = Date.now() + 2000;
    while (got.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual(['73513537']);
    expect(driver.listenerFailures).toBe(1);
    await t.close();
    SerialPortMock.binding.reset();
  });
});
