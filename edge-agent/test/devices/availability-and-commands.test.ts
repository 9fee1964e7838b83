import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandRequest, type CommandRequest } from '@mendian/protocol';
import type { IotEvents } from '../../src/broker/iot-events.js';
import {
  connect,
  provision,
  startHub,
  topicOf,
  waitFor,
  type DeviceCreds,
  type HubFixture,
} from '../broker/hub-fixture.js';
import { heartbeatPayload } from '../broker/payloads.js';

let f: HubFixture;
let scale: DeviceCreds;
const offline: IotEvents['device.offline'][] = [];
const alerts: IotEvents['alert'][] = [];

beforeEach(async () => {
  f = await startHub({}, undefined, 50);
  scale = await provision(f.hub, 'scale', '01');
  offline.length = 0;
  alerts.length = 0;
  f.hub.bus.on('device.offline', 'test', (e) => offline.push(e));
  f.hub.bus.on('alert', 'test', (e) => alerts.push(e));
});

afterEach(async () => {
  await f.close();
});

describe('online / offline', () => {
  it('marks a device online on connect and offline from its last will when the socket dies', async () => {
    const will = { status: 'offline', at: Date.now(), reason: 'lastWill' };
    const c = await connect(f.url, scale, {
      will: {
        topic: topicOf(scale, 'availability'),
        payload: Buffer.from(JSON.stringify(will)),
        qos: 1,
        retain: true,
      },
    });
    await waitFor(() => f.hub.registry.get(scale.id)?.connectivity === 'online', 2000, 'online');
    expect(f.hub.monitor.isOnline(scale.id)).toBe(true);
    // Kill the TCP connection without DISCONNECT, as a power cut would.
    c.stream.destroy();
    await waitFor(() => offline.length > 0, 3000, 'offline');
    expect(offline[0]).toMatchObject({ device: scale.id, kind: 'scale', reason: 'lastWill' });
    expect(f.hub.registry.get(scale.id)?.connectivity).toBe('offline');
    expect(alerts.map((a) => a.code)).toContain('DEVICE_OFFLINE');
    c.end(true);
  });

  it('marks a device offline and alerts when it stays silent past 3x its heartbeat interval', async () => {
    const c = await connect(f.url, scale);
    await c.publishAsync(topicOf(scale, 'heartbeat'), JSON.stringify(heartbeatPayload(1, 1)), {
      qos: 0,
    });
    await waitFor(
      () => f.hub.registry.get(scale.id)?.heartbeatIntervalSeconds === 1,
      2000,
      'heartbeat',
    );
    expect(f.hub.registry.get(scale.id)?.firmware).toBe('1.2.3');
    const t0 = Date.now();
    // The connection stays open (a hung firmware that still answers PINGREQ); only heartbeats stop.
    await waitFor(() => offline.length > 0, 5000, 'silence detection');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2500);
    expect(offline[0]).toMatchObject({ device: scale.id, reason: 'heartbeatSilence' });
    expect(c.connected).toBe(true);
    // The next heartbeat brings it back online.
    await c.publishAsync(topicOf(scale, 'heartbeat'), JSON.stringify(heartbeatPayload(2, 1)), {
      qos: 0,
    });
    await waitFor(() => f.hub.monitor.isOnline(scale.id), 2000, 'back online');
    await c.endAsync();
  }, 10_000);
});

describe('device commands (request/response envelope)', () => {
  it('sends tare to a scale and resolves with the reply carrying the same transaction', async () => {
    const c = await connect(f.url, scale);
    await c.subscribeAsync(topicOf(scale, 'cmd'), { qos: 1 });
    c.on('message', (_t, payload) => {
      const req: CommandRequest = commandRequest.parse(JSON.parse(payload.toString()));
      const reply = {
        transaction: req.transaction,
        status: 'ok',
        data: { tareGrams: 125 },
        at: Date.now(),
      };
      c.publish(topicOf(scale, 'reply'), JSON.stringify(reply), { qos: 1 });
    });
    const outcome = await f.hub.commander.send(
      { kind: 'scale', device: scale.id },
      { command: 'tare', params: {} },
      2000,
    );
    expect(outcome).toMatchObject({ ok: true, reply: { status: 'ok', data: { tareGrams: 125 } } });
    await c.endAsync();
  });

  it('reports a device error reply as DEVICE_ERROR', async () => {
    const c = await connect(f.url, scale);
    await c.subscribeAsync(topicOf(scale, 'cmd'), { qos: 1 });
    c.on('message', (_t, payload) => {
      const req = commandRequest.parse(JSON.parse(payload.toString()));
      const reply = {
        transaction: req.transaction,
        status: 'error',
        error: { code: 'UNSTABLE', message: '秤不稳定 / scale not stable' },
        at: Date.now(),
      };
      c.publish(topicOf(scale, 'reply'), JSON.stringify(reply), { qos: 1 });
    });
    const outcome = await f.hub.commander.send(
      { kind: 'scale', device: scale.id },
      { command: 'zero', params: {} },
      2000,
    );
    expect(outcome).toMatchObject({ ok: false, code: 'DEVICE_ERROR' });
    await c.endAsync();
  });

  it('times out when the device does not answer, and ignores a reply from another device', async () => {
    const c = await connect(f.url, scale);
    await c.subscribeAsync(topicOf(scale, 'cmd'), { qos: 1 });
    const other = await provision(f.hub, 'scale', '01');
    const o = await connect(f.url, other);
    // The addressed scale stays silent; another scale answers with the stolen transaction.
    c.on('message', (_t, payload) => {
      const req = commandRequest.parse(JSON.parse(payload.toString()));
      const reply = { transaction: req.transaction, status: 'ok', at: Date.now() };
      o.publish(topicOf(other, 'reply'), JSON.stringify(reply), { qos: 1 });
    });
    const outcome = f.hub.commander.send(
      { kind: 'scale', device: scale.id },
      { command: 'readWeight', params: {} },
      400,
    );
    expect(await outcome).toMatchObject({ ok: false, code: 'TIMEOUT' });
    await c.endAsync();
    await o.endAsync();
  });

  it('refuses a command the device kind does not accept without publishing', async () => {
    const outcome = await f.hub.commander.send(
      { kind: 'scale', device: scale.id },
      { command: 'openDrawer', params: { pin: 2 } },
    );
    expect(outcome).toMatchObject({ ok: false, code: 'NOT_SUPPORTED' });
  });
});
