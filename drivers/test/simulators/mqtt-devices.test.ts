import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presenceEvent, shelfEvent } from '@mendian/protocol';
import { PresenceSensorSimulator } from '@mendian/drivers/simulators/presence-simulator';
import { ShelfSimulator } from '@mendian/drivers/simulators/shelf-simulator';
import { Probe, TestBroker } from '../helpers/broker.js';

describe('MQTT-native device simulators on a real aedes broker', () => {
  let broker: TestBroker;
  let probe: Probe;
  beforeAll(async () => {
    broker = await TestBroker.start();
    probe = await Probe.connect(broker.url, 'mendian/SH001/#');
  });
  afterAll(async () => {
    await probe.close();
    await broker.down();
  });

  it('presence sensor: salted hashes, noisy RSSI, churn and dropouts, all schema-valid', async () => {
    const sim = new PresenceSensorSimulator({
      mqtt: { url: broker.url },
      store: 'SH001',
      device: 'wifi-1',
      salt: 'store-salt',
      population: 30,
      dropoutRate: 0.2,
      seed: 5,
    });
    await sim.mqtt.start();
    for (let i = 0; i < 40; i++) await sim.tick();
    await probe.waitFor(
      (m) =>
        m.topic === 'mendian/SH001/presence/wifi-1/event' &&
        probe.messages.filter((x) => x.topic === m.topic).length >= sim.published,
      3000,
    );
    expect(sim.dropped).toBeGreaterThan(0);
    expect(sim.published + sim.dropped).toBeGreaterThanOrEqual(38);
    expect(probe.invalid).toEqual([]);
    const all = probe.messages
      .filter((m) => m.topic === 'mendian/SH001/presence/wifi-1/event')
      .map((m) => presenceEvent.parse(m.json));
    expect(all.length).toBe(sim.published);
    const hashes = all.flatMap((e) => e.sightings.map((s) => s.macHash));
    // Raw MACs never leave the sensor; hashes repeat across reports (the same phones stay).
    expect(hashes.every((h) => /^[0-9a-f]{32}$/.test(h))).toBe(true);
    expect(new Set(hashes).size).toBeLessThan(hashes.length);
    expect(all.some((e) => e.sightings.some((s) => s.randomized))).toBe(true);
    const reply = await probe.command('mendian/SH001/presence/wifi-1', {
      command: 'setEnabled',
      params: { enabled: false },
    });
    expect(reply).toMatchObject({ status: 'ok', data: { enabled: false } });
    const before = sim.published;
    await sim.tick();
    expect(sim.published).toBe(before);
    await sim.stop();
    await probe.waitFor(
      (m) =>
        m.topic === 'mendian/SH001/presence/wifi-1/availability' &&
        (m.json as { reason?: string }).reason === 'stopped',
    );
  });

  it('weight shelf: noise, unstable after a pick, tare over MQTT', async () => {
    const sim = new ShelfSimulator({
      mqtt: { url: broker.url },
      store: 'SH001',
      device: 'shelf-1',
      slots: { A1: 2000, A2: 550 },
      noiseGrams: 2,
      dropoutRate: 0,
      seed: 2,
    });
    await sim.mqtt.start();
    await sim.tick();
    const first = shelfEvent.parse(
      (await probe.waitFor((m) => m.topic === 'mendian/SH001/shelf/shelf-1/event')).json,
    );
    const a1 = first.readings.find((r) => r.slot === 'A1')!;
    expect(Math.abs(a1.grams - 2000)).toBeLessThan(20);
    expect(a1.stable).toBe(true);
    sim.change('A1', -500);
    const mark = probe.messages.length;
    await sim.tick();
    const after = shelfEvent.parse(
      (
        await probe.waitFor(
          (m) =>
            probe.messages.indexOf(m) >= mark && m.topic === 'mendian/SH001/shelf/shelf-1/event',
        )
      ).json,
    );
    expect(after.readings.find((r) => r.slot === 'A1')!.stable).toBe(false);
    expect(
      await probe.command('mendian/SH001/shelf/shelf-1', { command: 'tare', params: {} }),
    ).toMatchObject({ status: 'ok' });
    const mark2 = probe.messages.length;
    await sim.tick();
    const tared = shelfEvent.parse(
      (
        await probe.waitFor(
          (m) =>
            probe.messages.indexOf(m) >= mark2 && m.topic === 'mendian/SH001/shelf/shelf-1/event',
        )
      ).json,
    );
    expect(Math.abs(tared.readings.find((r) => r.slot === 'A2')!.grams)).toBeLessThan(20);
    expect(probe.invalid).toEqual([]);
    await sim.stop();
  });
});
