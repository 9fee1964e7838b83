import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import aclas from '@mendian/drivers/models/aclas-os2x';
import cas from '@mendian/drivers/models/cas-pd2';
import toledo from '@mendian/drivers/models/mettler-toledo-8217';
import { ScaleDriver } from '@mendian/drivers/scales/scale-driver';
import { createPtyPair, type PtyPair } from '@mendian/drivers/simulators/pty-pair';
import { ScaleSimulator } from '@mendian/drivers/simulators/scale-simulator';
import { SerialTransport } from '@mendian/drivers/transports/serial-transport';

describe.each([
  ['Mettler Toledo continuous', toledo],
  ['CAS 22-byte', cas],
  ['Aclas OS2 (polled)', aclas],
])('%s scale on a pty pair', (_name, model) => {
  let pty: PtyPair;
  let sim: ScaleSimulator;
  let host: SerialTransport;
  let driver: ScaleDriver;

  beforeEach(async () => {
    pty = await createPtyPair();
    sim = new ScaleSimulator(new SerialTransport({ path: pty.devicePath, baudRate: 9600 }), {
      protocol: model.capabilities.protocol,
      rateHz: 20,
      settleMs: 300,
      seed: 3,
    });
    await sim.start();
    host = new SerialTransport({ path: pty.hostPath, baudRate: 9600 });
    await host.open();
    driver = new ScaleDriver(host, model.capabilities, { pollMs: 50 });
    driver.start();
  });
  afterEach(async () => {
    driver.stop();
    await host.close();
    await sim.stop();
    await pty.close();
  });

  it('a read returns only a stable weight: unstable while settling, then the load', async () => {
    const seen: boolean[] = [];
    driver.onReading((r) => seen.push(r.stable));
    sim.place(1235);
    const r = await driver.readStable(3000);
    expect(r).toMatchObject({ ok: true, value: { grams: 1235, stable: true, overload: false } });
    expect(seen).toContain(false);
    expect(driver.badFrames).toBe(0);
  });

  it('times out as UNSTABLE when the load never settles', async () => {
    sim.place(500, 60_000);
    // Wait for the scale to be heard first, so the timeout can only mean "not stable".
    await new Promise<void>((resolve) => {
      const off = driver.onReading(() => {
        off();
        resolve();
      });
    });
    const r = await driver.readStable(300);
    expect(r).toMatchObject({ ok: false, error: { code: 'UNSTABLE' } });
  });

  it('overload is an error, not a weight', async () => {
    sim.place(40_000);
    // Settling frames come first; wait for the settled overload.
    await new Promise((r) => setTimeout(r, 400));
    const r = await driver.readStable(2000);
    expect(r).toMatchObject({ ok: false, error: { code: 'OVERLOAD' } });
  });

  it(
    model.capabilities.remoteTare
      ? 'tares from the till'
      : 'refuses remote tare with DEVICE_UNSUPPORTED',
    async () => {
      sim.place(200);
      await driver.readStable(3000);
      if (!model.capabilities.remoteTare) {
        await expect(driver.tare()).rejects.toMatchObject({ code: 'DEVICE_UNSUPPORTED' });
        return;
      }
      await driver.tare();
      await new Promise((r) => setTimeout(r, 200));
      sim.place(1200);
      await new Promise((r) => setTimeout(r, 400));
      const r = await driver.readStable(3000);
      expect(r).toMatchObject({ ok: true, value: { grams: 1000, tareGrams: 200 } });
    },
  );

  it(
    model.capabilities.remoteZero
      ? 'zeroes a drifted empty platter from the till'
      : 'refuses remote zero with DEVICE_UNSUPPORTED',
    async () => {
      sim.place(15);
      expect(await driver.readStable(3000)).toMatchObject({ ok: true, value: { grams: 15 } });
      if (!model.capabilities.remoteZero) {
        await expect(driver.zero()).rejects.toMatchObject({ code: 'DEVICE_UNSUPPORTED' });
        return;
      }
      await driver.zero();
      await new Promise((r) => setTimeout(r, 200));
      expect(await driver.readStable(3000)).toMatchObject({ ok: true, value: { grams: 0 } });
    },
  );
});

describe('scale line noise', () => {
  it('garbage between frames is skipped and counted, frames still decode', async () => {
    const pty = await createPtyPair();
    const device = new SerialTransport({ path: pty.devicePath, baudRate: 9600 });
    await device.open();
    const host = new SerialTransport({ path: pty.hostPath, baudRate: 9600 });
    await host.open();
    const driver = new ScaleDriver(host, toledo.capabilities);
    driver.start();
    const { toledoContinuous } = await import('@mendian/drivers/scales/toledo-continuous');
    const frame = toledoContinuous.encode({
      grams: 750,
      tareGrams: 0,
      stable: true,
      overload: false,
      underload: false,
      displayUnit: 'kg',
    });
    const p = driver.readStable(2000);
    await device.write(Uint8Array.from([0x41, 0x42, ...frame.subarray(3), 0x00, ...frame]));
    expect(await p).toMatchObject({ ok: true, value: { grams: 750 } });
    expect(driver.skippedBytes).toBeGreaterThan(0);
    driver.stop();
    await host.close();
    await device.close();
    await pty.close();
  });
});
