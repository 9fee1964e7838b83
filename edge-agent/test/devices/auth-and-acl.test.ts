import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deviceError } from '@mendian/protocol';
import {
  connect,
  nextMessage,
  provision,
  startHub,
  STORE,
  topicOf,
  waitFor,
  type DeviceCreds,
  type HubFixture,
} from '../broker/hub-fixture.js';
import { scanPayload } from '../broker/payloads.js';

let f: HubFixture;
let scanner: DeviceCreds;
let printer: DeviceCreds;
const open: MqttClient[] = [];

async function client(creds: { id: string; secret: string }): Promise<MqttClient> {
  const c = await connect(f.url, creds);
  open.push(c);
  return c;
}

/** CONNACK refusal code of a connect attempt, or 0 if it was accepted. */
async function refusal(
  creds: { id: string; secret: string },
  clientId = creds.id,
): Promise<number> {
  try {
    const c = await connect(f.url, creds, { clientId });
    open.push(c);
    return 0;
  } catch (e) {
    return (e as { code?: number }).code ?? -1;
  }
}

beforeEach(async () => {
  f = await startHub();
  scanner = await provision(f.hub, 'scanner', '01');
  printer = await provision(f.hub, 'printer', '02');
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.endAsync(true)));
  await f.close();
});

describe('authentication', () => {
  it('accepts the provisioned secret', async () => {
    expect(await refusal(scanner)).toBe(0);
  });
  it('refuses a wrong secret (CONNACK 4)', async () => {
    expect(await refusal({ id: scanner.id, secret: 'not-the-secret' })).toBe(4);
  });
  it('refuses an unknown client (CONNACK 4)', async () => {
    expect(await refusal({ id: 'ghost', secret: 'x' })).toBe(4);
  });
  it('refuses a disabled device (CONNACK 5) and accepts it again once enabled', async () => {
    f.hub.registry.setEnabled(scanner.id, false);
    expect(await refusal(scanner)).toBe(5);
    f.hub.registry.setEnabled(scanner.id, true);
    expect(await refusal(scanner)).toBe(0);
  });
  it('refuses the old secret after rotation and accepts the new one', async () => {
    expect(await refusal(scanner)).toBe(0);
    const rotated = await f.hub.registry.rotateSecret(scanner.id);
    expect(await refusal(scanner)).toBe(4);
    expect(await refusal({ id: scanner.id, secret: rotated.secret })).toBe(0);
  });
  it('refuses a client id that is not the device id (one session per device)', async () => {
    expect(await refusal(scanner, `${scanner.id}-2`)).toBe(5);
  });
});

describe('one connection per device', () => {
  it("replaces the older connection when the device connects again (drivers' client id form too)", async () => {
    const first = await client(scanner);
    const closed = new Promise<void>((r) => first.once('close', () => r()));
    const second = await connect(f.url, scanner, { clientId: `${STORE}-scanner-${scanner.id}` });
    open.push(second);
    await closed;
    expect(second.connected).toBe(true);
    expect(f.hub.monitor.isOnline(scanner.id)).toBe(true);
  });
});

describe('publish ACL (deny by default)', () => {
  it("disconnects a device publishing on another device's topic and stores nothing", async () => {
    const c = await client(scanner);
    const closed = new Promise<void>((r) => c.once('close', () => r()));
    c.publish(topicOf(printer, 'state'), JSON.stringify({ at: Date.now(), online: true }), {
      qos: 1,
    });
    await closed;
    expect(f.hub.ingest.count()).toBe(0);
    expect(f.hub.broker.counters.get('rejected.FORBIDDEN_TOPIC')).toBe(1);
  });
  it('disconnects a device publishing a command to itself or on $SYS', async () => {
    for (const topic of [topicOf(scanner, 'cmd'), '$SYS/fake/heartbeat', 'somewhere/else']) {
      const c = await client(scanner);
      const closed = new Promise<void>((r) => c.once('close', () => r()));
      c.publish(topic, '{}', { qos: 1 });
      await closed;
    }
    expect(f.hub.broker.counters.get('rejected.FORBIDDEN_TOPIC')).toBe(3);
  });
  it('does not deliver a forbidden message to anyone subscribed', async () => {
    const svc = await f.hub.registry.provisionClient({ id: 'svc', role: 'service' });
    const s = await client({ id: 'svc', secret: svc.secret });
    await s.subscribeAsync(`mendian/${STORE}/#`, { qos: 1 });
    let seen = 0;
    // The broker's own FORBIDDEN_TOPIC notice on the scanner's error topic is expected; the
    // forged printer state is not.
    s.on('message', (t) => {
      if (t === topicOf(printer, 'state')) seen++;
    });
    const c = await client(scanner);
    c.publish(
      topicOf(printer, 'state'),
      JSON.stringify({ at: Date.now(), online: true, paper: 'ok', coverOpen: false, error: null }),
      { qos: 1 },
    );
    await new Promise<void>((r) => c.once('close', () => r()));
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toBe(0);
  });
});

describe('subscribe ACL (deny by default)', () => {
  async function granted(creds: { id: string; secret: string }, filter: string): Promise<number> {
    const c = await client(creds);
    try {
      const g = await c.subscribeAsync(filter, { qos: 1 });
      return g[0]?.qos ?? -1;
    } catch (e) {
      // mqtt.js rejects a SUBACK with failure codes; the packet says which.
      const granted = (e as { packet?: { granted?: number[] } }).packet?.granted;
      if (!granted) throw e;
      return granted[0] ?? -1;
    }
  }
  it('refuses # to a device with a negative SUBACK (128) and keeps the connection', async () => {
    expect(await granted(scanner, '#')).toBe(128);
    expect(open.at(-1)?.connected).toBe(true);
  });
  it("refuses another device's cmd topic, wildcards and $SYS to a device", async () => {
    for (const filter of [
      topicOf(printer, 'cmd'),
      `mendian/${STORE}/scanner/+/cmd`,
      topicOf(scanner, '+'),
      '$SYS/#',
    ]) {
      expect(await granted(scanner, filter)).toBe(128);
    }
  });
  it('grants a device its own cmd and error topics', async () => {
    expect(await granted(scanner, topicOf(scanner, 'cmd'))).toBe(1);
    expect(await granted(scanner, topicOf(scanner, 'error'))).toBe(1);
  });
  it('gives services the whole store and $SYS, never another store', async () => {
    const svc = await f.hub.registry.provisionClient({ id: 'svc', role: 'service' });
    const creds = { id: 'svc', secret: svc.secret };
    expect(await granted(creds, `mendian/${STORE}/#`)).toBe(1);
    expect(await granted(creds, '$SYS/#')).toBe(1);
    expect(await granted(creds, 'mendian/BJ002/#')).toBe(128);
    expect(await granted(creds, '#')).toBe(128);
  });
  it('lets a lane UI read state and events of its store but not commands or errors', async () => {
    const lane = await f.hub.registry.provisionClient({
      id: 'lane-01-ui',
      role: 'lane',
      lane: '01',
    });
    const creds = { id: 'lane-01-ui', secret: lane.secret };
    expect(await granted(creds, `mendian/${STORE}/+/+/state`)).toBe(1);
    expect(await granted(creds, `mendian/${STORE}/scanner/+/event`)).toBe(1);
    expect(await granted(creds, `mendian/${STORE}/+/+/cmd`)).toBe(128);
    expect(await granted(creds, `mendian/${STORE}/#`)).toBe(128);
  });
});

describe('lane UI command rights', () => {
  it('lets a lane command its own devices only', async () => {
    const lane = await f.hub.registry.provisionClient({
      id: 'lane-01-ui',
      role: 'lane',
      lane: '01',
    });
    const d = await client(scanner);
    await d.subscribeAsync(topicOf(scanner, 'cmd'), { qos: 1 });
    const ui = await client({ id: 'lane-01-ui', secret: lane.secret });
    const cmd = {
      transaction: 't1',
      sentAt: Date.now(),
      deadline: Date.now() + 1000,
      command: 'status',
      params: {},
    };
    const got = nextMessage(d, topicOf(scanner, 'cmd'));
    await ui.publishAsync(topicOf(scanner, 'cmd'), JSON.stringify(cmd), { qos: 1 });
    expect((await got).json).toEqual(cmd);
    // The printer is on lane 02: the lane 01 UI is disconnected for trying.
    const closed = new Promise<void>((r) => ui.once('close', () => r()));
    ui.publish(topicOf(printer, 'cmd'), JSON.stringify(cmd), { qos: 1 });
    await closed;
  });
});

describe('error topic for the device', () => {
  it('tells the device about a refused payload on its own error topic only', async () => {
    const d = await client(scanner);
    const other = await client(printer);
    await d.subscribeAsync(topicOf(scanner, 'error'));
    await other.subscribeAsync(topicOf(printer, 'error'));
    let otherGot = 0;
    other.on('message', () => otherGot++);
    const answer = nextMessage(d, topicOf(scanner, 'error'));
    await d.publishAsync(topicOf(scanner, 'event'), 'not json', { qos: 1 });
    expect(deviceError.parse((await answer).json).code).toBe('MALFORMED_JSON');
    await d.publishAsync(topicOf(scanner, 'event'), JSON.stringify(scanPayload()), { qos: 1 });
    await waitFor(() => f.hub.ingest.count() === 1);
    expect(otherGot).toBe(0);
  });
});
