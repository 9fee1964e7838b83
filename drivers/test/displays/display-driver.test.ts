import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DisplayDriver } from '@mendian/drivers/displays/display-driver';
import epsonDmD110 from '@mendian/drivers/models/epson-dm-d110';
import led8 from '@mendian/drivers/models/led8-price-display';
import vfdGb from '@mendian/drivers/models/vfd-2x20-gb';
import { DisplaySimulator } from '@mendian/drivers/simulators/display-simulator';
import { createPtyPair, type PtyPair } from '@mendian/drivers/simulators/pty-pair';
import { SerialTransport } from '@mendian/drivers/transports/serial-transport';

describe('pole displays on a pty pair', () => {
  let pty: PtyPair;
  beforeAll(async () => {
    pty = await createPtyPair();
  });
  afterAll(async () => {
    await pty.close();
  });

  async function withDisplay(
    model: typeof epsonDmD110,
    fn: (driver: DisplayDriver, sim: DisplaySimulator) => Promise<void>,
  ): Promise<void> {
    const sim = new DisplaySimulator(
      new SerialTransport({ path: pty.devicePath, baudRate: 9600 }),
      model.capabilities,
    );
    await sim.start();
    const host = new SerialTransport({ path: pty.hostPath, baudRate: 9600 });
    const driver = new DisplayDriver(host, model.capabilities);
    try {
      await fn(driver, sim);
      expect(sim.errors).toEqual([]);
    } finally {
      await host.close();
      await sim.stop();
    }
  }

  it('Epson DM-D 2x20: lines and an English amount', async () => {
    await withDisplay(epsonDmD110, async (driver, sim) => {
      await driver.show({ lines: ['Welcome', 'Mendian'] });
      await sim.waitFor((t) => t[0] === 'Welcome' && t[1] === 'Mendian');
      await driver.show({ amount: 2785, mode: 'total' });
      expect(await sim.waitFor((t) => t[0] === 'TOTAL')).toEqual(['TOTAL', '               27.85']);
    });
  });

  it('Chinese 2x20 VFD: 合计 with full-width ￥', async () => {
    await withDisplay(vfdGb, async (driver, sim) => {
      await driver.show({ amount: 2785, mode: 'change' });
      expect(await sim.waitFor((t) => t[0] === '找零')).toEqual(['找零', '             ￥27.85']);
    });
  });

  it('8-digit LED: lamp and number; lines are refused', async () => {
    await withDisplay(led8, async (driver, sim) => {
      await driver.show({ amount: 12345, mode: 'collect' });
      expect(await sim.waitFor((t) => t[0] === 'collect:123.45')).toEqual(['collect:123.45']);
      await expect(driver.show({ lines: ['hello'] })).rejects.toMatchObject({
        code: 'DEVICE_UNSUPPORTED',
      });
    });
  });
});
