import { afterEach, describe, expect, it } from 'vitest';
import { connect, provision, startHub, topicOf, type HubFixture } from './hub-fixture.js';
import { scanPayload } from './payloads.js';

let f: HubFixture | null = null;

afterEach(async () => {
  await f?.close();
  f = null;
});

describe('broker limits', () => {
  it('refuses connections beyond maxConnections and accepts again when one leaves', async () => {
    f = await startHub({ limits: { maxConnections: 2 } });
    const a = await provision(f.hub, 'scanner');
    const b = await provision(f.hub, 'scale');
    const c = await provision(f.hub, 'printer');
    const ca = await connect(f.url, a);
    const cb = await connect(f.url, b);
    await expect(connect(f.url, c)).rejects.toThrow();
    await ca.endAsync();
    await new Promise((r) => setTimeout(r, 100));
    const cc = await connect(f.url, c);
    expect(cc.connected).toBe(true);
    await cb.endAsync();
    await cc.endAsync();
  });

  it('drops a client publishing on a topic deeper than maxTopicLevels; the broker goes on', async () => {
    f = await startHub({ limits: { maxTopicLevels: 8 } });
    const d = await provision(f.hub, 'scanner');
    const c = await connect(f.url, d);
    const closed = new Promise<void>((r) => c.once('close', () => r()));
    c.publish(`${topicOf(d, 'event')}/a/b/c/d/e`, '{}', { qos: 1 });
    await closed;
    // aedes refused it on depth before the ACL saw it (the ACL would have counted it).
    expect(f.hub.broker.counters.get('rejected.FORBIDDEN_TOPIC')).toBeUndefined();
    const again = await connect(f.url, d);
    await again.publishAsync(topicOf(d, 'event'), JSON.stringify(scanPayload()), { qos: 1 });
    expect(f.hub.ingest.count()).toBe(1);
    await again.endAsync();
  });

  it('refuses a payload over maxPayloadBytes over WebSocket too, without stopping the broker', async () => {
    f = await startHub({ wsPort: 0, limits: { maxPayloadBytes: 1024 } });
    const d = await provision(f.hub, 'scanner');
    const mqtt = (await import('mqtt')).default;
    const c = await mqtt.connectAsync(`ws://127.0.0.1:${f.hub.broker.ports.ws}`, {
      clientId: d.id,
      username: d.id,
      password: d.secret,
      reconnectPeriod: 0,
    });
    // Far beyond the WebSocket frame cap (limit + 1 KiB): the socket is closed.
    const closed = new Promise<void>((r) => c.once('close', () => r()));
    c.publish(topicOf(d, 'event'), 'x'.repeat(64 * 1024), { qos: 1 });
    await closed;
    const ok = await connect(f.url, d);
    await ok.publishAsync(topicOf(d, 'event'), JSON.stringify(scanPayload()), { qos: 1 });
    expect(f.hub.ingest.count()).toBe(1);
    await ok.endAsync();
  });
});
