import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
} from './hub-fixture.js';
import { scanPayload } from './payloads.js';

const run = promisify(execFile);
let f: HubFixture;
let scanner: DeviceCreds;
let svcSecret: string;
let certDir: string;

beforeAll(async () => {
  // A self-signed certificate for the TLS listener, made by openssl as an operator would.
  certDir = mkdtempSync(join(tmpdir(), 'mendian-tls-'));
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout',
    join(certDir, 'key.pem'),
    '-out',
    join(certDir, 'cert.pem'),
  ]);
  f = await startHub({
    wsPort: 0,
    tls: { port: 0, certPath: join(certDir, 'cert.pem'), keyPath: join(certDir, 'key.pem') },
  });
  scanner = await provision(f.hub, 'scanner');
  svcSecret = (await f.hub.registry.provisionClient({ id: 'svc', role: 'service' })).secret;
});

afterAll(async () => {
  await f.close();
});

function mosquittoSub(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn('mosquitto_sub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(f.hub.broker.ports.tcp),
      ...args,
    ]);
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) => resolve({ code, out }));
  });
}

function mosquittoPub(
  creds: { id: string; secret: string },
  topic: string,
  message: string,
): Promise<{ code: number; out: string }> {
  return run('mosquitto_pub', [
    '-h',
    '127.0.0.1',
    '-p',
    String(f.hub.broker.ports.tcp),
    '-i',
    creds.id,
    '-u',
    creds.id,
    '-P',
    creds.secret,
    '-q',
    '1',
    '-t',
    topic,
    '-m',
    message,
  ]).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      out: e.stdout + e.stderr,
    }),
  );
}

describe("Debian's mosquitto clients against the embedded broker (TCP)", () => {
  it('mosquitto_pub publishes a scan at QoS 1; it is stored and mosquitto_sub receives it', async () => {
    const before = f.hub.ingest.count();
    const sub = mosquittoSub([
      '-i',
      'svc',
      '-u',
      'svc',
      '-P',
      svcSecret,
      '-t',
      `mendian/${STORE}/+/+/event`,
      '-C',
      '1',
      '-W',
      '10',
      '-q',
      '1',
    ]);
    await waitFor(() => f.hub.broker.connectedClients >= 1, 5000, 'mosquitto_sub to connect');
    await new Promise((r) => setTimeout(r, 200));
    const p = scanPayload('6920000000017');
    const pub = await mosquittoPub(scanner, topicOf(scanner, 'event'), JSON.stringify(p));
    expect(pub.code).toBe(0);
    expect(f.hub.ingest.count()).toBe(before + 1);
    const got = await sub;
    expect(got.code).toBe(0);
    expect(JSON.parse(got.out.trim())).toEqual(p);
  });

  it('mosquitto_pub with a wrong password is refused', async () => {
    const pub = await mosquittoPub(
      { id: scanner.id, secret: 'wrong' },
      topicOf(scanner, 'event'),
      '{}',
    );
    expect(pub.code).not.toBe(0);
    expect(pub.out).toMatch(/not authori[sz]ed|bad user name or password/i);
  });

  it('mosquitto_sub as a device subscribing to # is denied', async () => {
    const got = await mosquittoSub([
      '-i',
      scanner.id,
      '-u',
      scanner.id,
      '-P',
      scanner.secret,
      '-t',
      '#',
      '-W',
      '3',
    ]);
    expect(got.out).toMatch(/denied/i);
  });
});

describe('WebSocket and TLS listeners', () => {
  it('takes a device over WebSocket (mqtt.js ws://) and stores its event', async () => {
    const before = f.hub.ingest.count();
    const c = await mqtt.connectAsync(`ws://127.0.0.1:${f.hub.broker.ports.ws}`, {
      clientId: scanner.id,
      username: scanner.id,
      password: scanner.secret,
      reconnectPeriod: 0,
    });
    await c.publishAsync(topicOf(scanner, 'event'), JSON.stringify(scanPayload()), { qos: 1 });
    expect(f.hub.ingest.count()).toBe(before + 1);
    await c.endAsync();
  });

  it('takes a device over TLS with the configured certificate and delivers to a TCP subscriber', async () => {
    const svc = await connect(f.url, { id: 'svc', secret: svcSecret });
    await svc.subscribeAsync(topicOf(scanner, 'event'), { qos: 1 });
    const c = await mqtt.connectAsync(`mqtts://localhost:${f.hub.broker.ports.tls}`, {
      clientId: scanner.id,
      username: scanner.id,
      password: scanner.secret,
      reconnectPeriod: 0,
      ca: readFileSync(join(certDir, 'cert.pem')),
      rejectUnauthorized: true,
    });
    const p = scanPayload();
    const got = nextMessage(svc, topicOf(scanner, 'event'));
    await c.publishAsync(topicOf(scanner, 'event'), JSON.stringify(p), { qos: 1 });
    expect((await got).json).toEqual(p);
    await c.endAsync();
    await svc.endAsync();
  });

  it('mosquitto_pub over TLS (--cafile) is accepted', async () => {
    const before = f.hub.ingest.count();
    await run('mosquitto_pub', [
      '-h',
      'localhost',
      '-p',
      String(f.hub.broker.ports.tls),
      '--cafile',
      join(certDir, 'cert.pem'),
      '-i',
      scanner.id,
      '-u',
      scanner.id,
      '-P',
      scanner.secret,
      '-q',
      '1',
      '-t',
      topicOf(scanner, 'event'),
      '-m',
      JSON.stringify(scanPayload()),
    ]);
    expect(f.hub.ingest.count()).toBe(before + 1);
  });
});
