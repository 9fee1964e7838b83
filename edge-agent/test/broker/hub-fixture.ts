import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { DeviceKind } from '@mendian/protocol';
import { brokerConfig, type StoreBrokerConfig } from '../../src/broker/broker-config.js';
import { IotHub } from '../../src/broker/iot-hub.js';
import { RecordingLogger } from '../../src/broker/logger.js';

export const STORE = 'SH001';
/** Tests use a cheap scrypt cost so provisioning dozens of devices stays fast; production uses the default. */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };

export interface HubFixture {
  hub: IotHub;
  logger: RecordingLogger;
  dataDir: string;
  url: string;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startHub(
  overrides: Partial<Omit<StoreBrokerConfig, 'limits'>> & {
    limits?: Partial<StoreBrokerConfig['limits']>;
  } = {},
  dataDir = mkdtempSync(join(tmpdir(), 'mendian-iot-')),
  sweepEveryMs = 1000,
): Promise<HubFixture> {
  const logger = new RecordingLogger();
  const config = brokerConfig({ store: STORE, dataDir, tcpPort: 0, ...overrides });
  const fixture: HubFixture = {
    hub: new IotHub({ config, logger, scryptCost: TEST_SCRYPT, sweepEveryMs }),
    logger,
    dataDir,
    url: '',
    restart: async () => {
      await fixture.hub.stop();
      fixture.hub = new IotHub({ config, logger, scryptCost: TEST_SCRYPT, sweepEveryMs });
      await fixture.hub.start();
      fixture.url = `mqtt://127.0.0.1:${fixture.hub.broker.ports.tcp}`;
    },
    close: async () => {
      await fixture.hub.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await fixture.hub.start();
  fixture.url = `mqtt://127.0.0.1:${fixture.hub.broker.ports.tcp}`;
  return fixture;
}

export interface DeviceCreds {
  id: string;
  kind: DeviceKind;
  secret: string;
}

export async function provision(
  hub: IotHub,
  kind: DeviceKind,
  lane: string | null = null,
): Promise<DeviceCreds> {
  const p = await hub.registry.provisionDevice({ kind, model: `sim-${kind}`, lane });
  return { id: p.device.id, kind, secret: p.secret };
}

/** Connects a real mqtt.js client and waits for CONNACK (rejects on refusal). */
export async function connect(
  url: string,
  creds: { id: string; secret: string },
  extra: IClientOptions = {},
): Promise<MqttClient> {
  return mqtt.connectAsync(url, {
    clientId: creds.id,
    username: creds.id,
    password: creds.secret,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ...extra,
  });
}

export function topicOf(d: DeviceCreds, channel: string): string {
  return `mendian/${STORE}/${d.kind}/${d.id}/${channel}`;
}

/** Resolves with the next message on a topic (or rejects after ms). */
export function nextMessage(
  client: MqttClient,
  topic: string,
  ms = 3000,
): Promise<{ topic: string; json: unknown }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('message', onMessage);
      reject(new Error(`no message on ${topic} within ${ms} ms`));
    }, ms);
    const onMessage = (t: string, payload: Buffer): void => {
      if (t !== topic) return;
      clearTimeout(timer);
      client.off('message', onMessage);
      resolve({ topic: t, json: JSON.parse(payload.toString('utf8')) as unknown });
    };
    client.on('message', onMessage);
  });
}

export function waitFor(cond: () => boolean, ms = 3000, what = 'condition'): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (cond()) resolve();
      else if (Date.now() - start > ms) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 10);
    };
    tick();
  });
}
