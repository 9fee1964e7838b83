import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from '@mendian/protocol';
import { DriverHost } from '@mendian/drivers';
import {
  startSimulatedStore,
  type SimulatedStore,
} from '@mendian/drivers/simulators/simulated-store';
import { Probe, TestBroker } from '../helpers/broker.js';

describe('a whole simulated store through the package entry point', () => {
  let broker: TestBroker;
  let store: SimulatedStore;
  let host: DriverHost;
  let probe: Probe;

  beforeAll(async () => {
    broker = await TestBroker.start();
    probe = await Probe.connect(broker.url, 'mendian/BJ002/#');
    store = await startSimulatedStore({ store: 'BJ002', mqtt: { url: broker.url } });
    host = new DriverHost(store.hostConfig);
    await host.start();
  });
  afterAll(async () => {
    await host.stop();
    await store.stop();
    await probe.close();
    await broker.down();
  });

  it('lane devices and store sensors all talk MQTT with valid payloads', async () => {
    await store.scanner.scan('6901234567892');
    await probe.waitFor((m) => m.topic === 'mendian/BJ002/scanner/scanner-1/event');
    store.scale.place(880);
    await probe.waitFor(
      (m) =>
        m.topic === 'mendian/BJ002/scale/scale-1/event' &&
        (m.json as { grams: number; stable: boolean }).grams === 880 &&
        (m.json as { stable: boolean }).stable,
    );
    const reply = await probe.command('mendian/BJ002/printer/printer-1', {
      command: 'print',
      params: { jobId: ulid(), kind: 'receipt', document: '北京二店\n' },
    });
    expect(reply).toMatchObject({ status: 'ok' });
    await store.presence.tick();
    await store.shelf.tick();
    await probe.waitFor((m) => m.topic === 'mendian/BJ002/shelf/shelf-1/event');
    expect(probe.invalid).toEqual([]);
  });
});
