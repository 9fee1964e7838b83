import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deviceError } from '@mendian/protocol';
import {
  connect,
  nextMessage,
  provision,
  startHub,
  topicOf,
  waitFor,
  type DeviceCreds,
  type HubFixture,
} from './hub-fixture.js';
import { scanPayload } from './payloads.js';

let f: HubFixture;
let scanner: DeviceCreds;
let device: MqttClient;
let service: MqttClient;

beforeEach(async () => {
  f = await startHub({ limits: { maxPayloadBytes: 2048 } });
  scanner = await provision(f.hub, 'scanner', '01');
  const svc = await f.hub.registry.provisionClient({ id: 'svc-test', role: 'service' });
  device = await connect(f.url, scanner);
  service = await connect(f.url, { id: 'svc-test', secret: svc.secret });
  await service.subscribeAsync('mendian/SH001/+/+/event', { qos: 1 });
  await device.subscribeAsync(topicOf(scanner, 'error'), { qos: 0 });
});

afterEach(async () => {
  await device.endAsync();
  await service.endAsync();
  await f.close();
});

describe('durable ingest', () => {
  it('stores a valid scan before PUBACK and then delivers it to subscribers', async () => {
    const p = scanPayload();
    const delivered = nextMessage(service, topicOf(scanner, 'event'));
    await device.publishAsync(topicOf(scanner, 'event'), JSON.stringify(p), { qos: 1 });
    // publishAsync resolves on PUBACK: the row must already be committed.
    const rows = f.hub.ingest.after(0);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      device: scanner.id,
      kind: 'scanner',
      channel: 'event',
      eventId: p.eventId,
    });
    expect((await delivered).json).toEqual(p);
  });

  it('stores a retried event (same eventId) once and acknowledges both', async () => {
    const p = scanPayload();
    await device.publishAsync(topicOf(scanner, 'event'), JSON.stringify(p), { qos: 1 });
    await device.publishAsync(topicOf(scanner, 'event'), JSON.stringify(p), { qos: 1 });
    expect(f.hub.ingest.count()).toBe(1);
  });
});

describe('malformed payloads', () => {
  const cases: [string, () => string, string][] = [
    ['bad JSON', () => '{"eventId": ', 'MALFORMED_JSON'],
    [
      'a schema violation',
      () => JSON.stringify({ ...scanPayload(), symbology: 'morse', at: -1 }),
      'SCHEMA_VIOLATION',
    ],
    [
      'an oversize payload',
      () => JSON.stringify({ ...scanPayload(), data: 'x'.repeat(4000) }),
      'PAYLOAD_TOO_LARGE',
    ],
  ];
  for (const [what, payload, code] of cases) {
    it(`refuses ${what}: answered on the error topic, counted, not stored, not routed, broker goes on`, async () => {
      let routed = 0;
      service.on('message', () => routed++);
      const answer = nextMessage(device, topicOf(scanner, 'error'));
      await device.publishAsync(topicOf(scanner, 'event'), payload(), { qos: 1 });
      const err = deviceError.parse((await answer).json);
      expect(err.code).toBe(code);
      expect(err.topic).toBe(topicOf(scanner, 'event'));
      if (code === 'SCHEMA_VIOLATION')
        expect(err.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['at', 'symbology']));
      expect(f.hub.ingest.count()).toBe(0);
      expect(f.hub.broker.counters.get(`rejected.${code}`)).toBe(1);
      await waitFor(
        () => f.hub.registry.get(scanner.id)?.rejectedCount === 1,
        2000,
        'rejected count',
      );
      // The same connection still works and the next good event goes through.
      const good = nextMessage(service, topicOf(scanner, 'event'));
      await device.publishAsync(topicOf(scanner, 'event'), JSON.stringify(scanPayload()), {
        qos: 1,
      });
      await good;
      expect(routed).toBe(1);
      expect(f.hub.ingest.count()).toBe(1);
      expect(device.connected).toBe(true);
    });
  }

  it('refuses a channel the kind never sends on (a scanner state that is not a state)', async () => {
    const answer = nextMessage(device, topicOf(scanner, 'error'));
    await device.publishAsync(topicOf(scanner, 'state'), JSON.stringify({ hello: 1 }), { qos: 1 });
    expect(deviceError.parse((await answer).json).code).toBe('SCHEMA_VIOLATION');
  });

  it('rate-limits a flooding device without disconnecting it', async () => {
    await f.hub.stop();
    f = await startHub({ limits: { publishRatePerSecond: 5, publishBurst: 5 } }, f.dataDir);
    device = await connect(f.url, scanner);
    await device.subscribeAsync(topicOf(scanner, 'error'), { qos: 0 });
    const errors: string[] = [];
    device.on('message', (_t, p) => errors.push(deviceError.parse(JSON.parse(p.toString())).code));
    await Promise.all(
      Array.from({ length: 20 }, () =>
        device.publishAsync(topicOf(scanner, 'event'), JSON.stringify(scanPayload()), { qos: 1 }),
      ),
    );
    await waitFor(() => errors.length >= 10, 2000, 'rate limit errors');
    expect(errors.every((c) => c === 'RATE_LIMITED')).toBe(true);
    // The burst (5, plus what refilled meanwhile) is stored, the rest refused.
    expect(f.hub.ingest.count()).toBeGreaterThanOrEqual(5);
    expect(f.hub.ingest.count()).toBeLessThan(10);
    expect(device.connected).toBe(true);
  });
});
