import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/broker/event-bus.js';
import { RecordingLogger } from '../../src/broker/logger.js';
import { DeviceRegistry, DeviceRegistryError } from '../../src/devices/device-registry.js';
import { hashSecret, SecretHashError, verifySecret } from '../../src/devices/secret-hash.js';

let dir: string;
let db: Database.Database;
let registry: DeviceRegistry;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mendian-reg-'));
  db = new Database(join(dir, 'iot.sqlite'));
  // The production scrypt cost (N=2^14): provisioning and one check are fast enough for a test.
  registry = new DeviceRegistry({ db, store: 'SH001', brokerUrl: 'mqtt://10.0.0.2:1883' });
  registry.start();
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('DeviceRegistry', () => {
  it('provisions a device with a one-time secret stored only as a scrypt hash, and a QR payload', async () => {
    const p = await registry.provisionDevice({
      kind: 'printer',
      model: 'XP-80C',
      lane: '01',
      firmware: 'v2',
    });
    expect(p.device).toMatchObject({
      role: 'device',
      kind: 'printer',
      lane: '01',
      enabled: true,
      connectivity: 'never',
    });
    const raw = JSON.stringify(db.prepare('SELECT * FROM iot_principals').all());
    expect(raw).not.toContain(p.secret);
    expect(raw).toMatch(/scrypt\$16384\$8\$1\$/);
    const qr = new URL(p.qrPayload.replace('mendian-device:?', 'x://y/?'));
    expect(Object.fromEntries(qr.searchParams)).toEqual({
      broker: 'mqtt://10.0.0.2:1883',
      store: 'SH001',
      id: p.device.id,
      kind: 'printer',
      secret: p.secret,
    });
    expect(await registry.authenticate(p.device.id, p.secret)).toMatchObject({
      ok: true,
      principal: { role: 'device', kind: 'printer', lane: '01' },
    });
  });

  it('gives typed refusals and coded errors for bad input', async () => {
    expect(await registry.authenticate('nobody', 'x')).toEqual({
      ok: false,
      reason: 'UNKNOWN_CLIENT',
    });
    const p = await registry.provisionDevice({ kind: 'scanner', model: 'NLS', id: 'scan-1' });
    expect(await registry.authenticate('scan-1', 'x')).toEqual({
      ok: false,
      reason: 'WRONG_SECRET',
    });
    await expect(
      registry.provisionDevice({ kind: 'scanner', model: 'NLS', id: 'scan-1' }),
    ).rejects.toMatchObject({ code: 'DEVICE_EXISTS' });
    await expect(
      registry.provisionDevice({ kind: 'scanner', model: 'NLS', id: 'bad id/#' }),
    ).rejects.toBeInstanceOf(DeviceRegistryError);
    await expect(
      registry.provisionDevice({ kind: 'scanner', model: 'NLS', lane: 'lane-one' }),
    ).rejects.toMatchObject({ code: 'DEVICE_INVALID' });
    expect(() => registry.setEnabled('ghost', false)).toThrow(DeviceRegistryError);
    registry.setEnabled('scan-1', false);
    expect(await registry.authenticate('scan-1', p.secret)).toEqual({
      ok: false,
      reason: 'DISABLED',
    });
  });

  it('verifies a rotated secret and forgets the remembered old one', async () => {
    const p = await registry.provisionDevice({ kind: 'scale', model: 'ACS-30' });
    expect((await registry.authenticate(p.device.id, p.secret)).ok).toBe(true);
    const r = await registry.rotateSecret(p.device.id);
    expect(await registry.authenticate(p.device.id, p.secret)).toEqual({
      ok: false,
      reason: 'WRONG_SECRET',
    });
    expect((await registry.authenticate(p.device.id, r.secret)).ok).toBe(true);
  });
});

describe('secret hashes', () => {
  it('rejects a malformed stored hash with a coded error', async () => {
    await expect(verifySecret('x', 'md5$abc')).rejects.toBeInstanceOf(SecretHashError);
    const h = await hashSecret('s3cret', { N: 1024, r: 8, p: 1 });
    expect(await verifySecret('s3cret', h)).toBe(true);
    expect(await verifySecret('s3cret!', h)).toBe(false);
  });
});

describe('EventBus', () => {
  it('logs a throwing listener with its module name and still runs the others', () => {
    const logger = new RecordingLogger();
    const bus = new EventBus<{ ping: { n: number } }>(logger);
    const seen: number[] = [];
    bus.on('ping', 'shelves/shelf-monitor', () => {
      throw new Error('boom');
    });
    const off = bus.on('ping', 'presence/visits', ({ n }) => seen.push(n));
    bus.emit('ping', { n: 1 });
    expect(seen).toEqual([1]);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]?.level).toBe('error');
    expect(logger.lines[0]?.fields).toMatchObject({
      module: 'shelves/shelf-monitor',
      error: 'boom',
    });
    off();
    bus.emit('ping', { n: 2 });
    expect(seen).toEqual([1]);
  });
});
