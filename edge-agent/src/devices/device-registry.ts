import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { DEVICE_KINDS, ulid, type DeviceKind } from '@mendian/protocol';
import { migrateDeviceRegistry } from './device-registry-schema.js';
import {
  DEFAULT_SCRYPT_COST,
  hashSecret,
  newDeviceSecret,
  verifySecret,
  type ScryptCost,
} from './secret-hash.js';

export type PrincipalRole = 'device' | 'service' | 'lane';
export type Connectivity = 'never' | 'online' | 'offline';

/** Who is connected: a device, an edge-agent service, or a lane's UI. */
export type Principal =
  | { role: 'device'; id: string; store: string; kind: DeviceKind; lane: string | null }
  | { role: 'service'; id: string; store: string }
  | { role: 'lane'; id: string; store: string; lane: string };

export interface DeviceRecord {
  id: string;
  role: PrincipalRole;
  kind: DeviceKind | null;
  model: string | null;
  lane: string | null;
  enabled: boolean;
  connectivity: Connectivity;
  firmware: string | null;
  lastSeen: number | null;
  heartbeatIntervalSeconds: number | null;
  createdAt: number;
  secretRotatedAt: number;
  rejectedCount: number;
}

export interface Provisioned {
  device: DeviceRecord;
  /** Shown once to the manager; only its scrypt hash is stored. */
  secret: string;
  /** What the device's setup QR code encodes (a URI a device or the setup app scans). */
  qrPayload: string;
}

export type AuthResult =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'UNKNOWN_CLIENT' | 'WRONG_SECRET' | 'DISABLED' };

export class DeviceRegistryError extends Error {
  constructor(
    readonly code: 'DEVICE_NOT_FOUND' | 'DEVICE_EXISTS' | 'DEVICE_INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'DeviceRegistryError';
  }
}

interface Row {
  id: string;
  role: PrincipalRole;
  kind: string | null;
  model: string | null;
  lane: string | null;
  secret_hash: string;
  enabled: number;
  connectivity: Connectivity;
  firmware: string | null;
  last_seen: number | null;
  heartbeat_interval_s: number | null;
  created_at: number;
  secret_rotated_at: number;
  rejected_count: number;
}

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const LANE_RE = /^[A-Z0-9]{1,4}$/;

function toRecord(r: Row): DeviceRecord {
  return {
    id: r.id,
    role: r.role,
    kind: (r.kind as DeviceKind | null) ?? null,
    model: r.model,
    lane: r.lane,
    enabled: r.enabled === 1,
    connectivity: r.connectivity,
    firmware: r.firmware,
    lastSeen: r.last_seen,
    heartbeatIntervalSeconds: r.heartbeat_interval_s,
    createdAt: r.created_at,
    secretRotatedAt: r.secret_rotated_at,
    rejectedCount: r.rejected_count,
  };
}

export interface DeviceRegistryOptions {
  db: Database.Database;
  store: string;
  /** Where devices connect, put into the QR payload, e.g. `mqtt://192.168.1.10:1883`. */
  brokerUrl: string;
  scryptCost?: ScryptCost;
  now?: () => number;
}

/**
 * The store's devices and internal MQTT clients with their credentials. Secrets are stored only
 * as scrypt hashes. A successful check is remembered as a SHA-256 of the secret for the life of
 * the process, so reconnect storms cost a hash lookup instead of a scrypt each; rotating or
 * disabling drops that memory.
 */
export class DeviceRegistry {
  readonly #db: Database.Database;
  readonly #options: DeviceRegistryOptions;
  readonly #verified = new Map<string, string>();

  constructor(options: DeviceRegistryOptions) {
    this.#options = options;
    this.#db = options.db;
  }

  get store(): string {
    return this.#options.store;
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  start(): void {
    migrateDeviceRegistry(this.#db);
  }

  #row(id: string): Row | undefined {
    return this.#db.prepare('SELECT * FROM iot_principals WHERE id = ?').get(id) as Row | undefined;
  }

  get(id: string): DeviceRecord | null {
    const r = this.#row(id);
    return r ? toRecord(r) : null;
  }

  list(): DeviceRecord[] {
    return (this.#db.prepare('SELECT * FROM iot_principals ORDER BY id').all() as Row[]).map(
      toRecord,
    );
  }

  #require(id: string): Row {
    const r = this.#row(id);
    if (!r) throw new DeviceRegistryError('DEVICE_NOT_FOUND', `no device or client "${id}"`);
    return r;
  }

  qrPayloadFor(id: string, secret: string): string {
    const r = this.#require(id);
    const q = new URLSearchParams({
      broker: this.#options.brokerUrl,
      store: this.#options.store,
      id,
      ...(r.kind ? { kind: r.kind } : {}),
      secret,
    });
    return `mendian-device:?${q.toString()}`;
  }

  /** Registers a device and returns its one-time secret and QR payload. */
  async provisionDevice(input: {
    kind: DeviceKind;
    model: string;
    lane?: string | null;
    id?: string;
    firmware?: string | null;
  }): Promise<Provisioned> {
    if (!(DEVICE_KINDS as readonly string[]).includes(input.kind)) {
      throw new DeviceRegistryError('DEVICE_INVALID', `unknown device kind "${input.kind}"`);
    }
    return this.#provision({
      id: input.id ?? `${input.kind}-${ulid()}`,
      role: 'device',
      kind: input.kind,
      model: input.model,
      lane: input.lane ?? null,
      firmware: input.firmware ?? null,
    });
  }

  /** Registers an internal client: an edge-agent service or a lane's UI. */
  async provisionClient(
    input: { id: string; role: 'service' } | { id: string; role: 'lane'; lane: string },
  ): Promise<Provisioned> {
    return this.#provision({
      id: input.id,
      role: input.role,
      kind: null,
      model: null,
      lane: input.role === 'lane' ? input.lane : null,
      firmware: null,
    });
  }

  async #provision(p: {
    id: string;
    role: PrincipalRole;
    kind: DeviceKind | null;
    model: string | null;
    lane: string | null;
    firmware: string | null;
  }): Promise<Provisioned> {
    if (!ID_RE.test(p.id)) {
      throw new DeviceRegistryError(
        'DEVICE_INVALID',
        `id "${p.id}" must be 1-64 of A-Z a-z 0-9 _ -`,
      );
    }
    if (p.lane !== null && !LANE_RE.test(p.lane)) {
      throw new DeviceRegistryError('DEVICE_INVALID', `lane "${p.lane}" must be 1-4 of A-Z 0-9`);
    }
    if (this.#row(p.id))
      throw new DeviceRegistryError('DEVICE_EXISTS', `"${p.id}" is already registered`);
    const secret = newDeviceSecret();
    const hash = await hashSecret(secret, this.#options.scryptCost ?? DEFAULT_SCRYPT_COST);
    const now = this.#now();
    this.#db
      .prepare(
        `INSERT INTO iot_principals (id, role, kind, model, lane, secret_hash, firmware, created_at, secret_rotated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(p.id, p.role, p.kind, p.model, p.lane, hash, p.firmware, now, now);
    return {
      device: toRecord(this.#require(p.id)),
      secret,
      qrPayload: this.qrPayloadFor(p.id, secret),
    };
  }

  /** Replaces the secret; the old one stops working at the next connect. */
  async rotateSecret(id: string): Promise<Provisioned> {
    this.#require(id);
    const secret = newDeviceSecret();
    const hash = await hashSecret(secret, this.#options.scryptCost ?? DEFAULT_SCRYPT_COST);
    this.#db
      .prepare('UPDATE iot_principals SET secret_hash = ?, secret_rotated_at = ? WHERE id = ?')
      .run(hash, this.#now(), id);
    this.#verified.delete(id);
    return {
      device: toRecord(this.#require(id)),
      secret,
      qrPayload: this.qrPayloadFor(id, secret),
    };
  }

  setEnabled(id: string, enabled: boolean): DeviceRecord {
    this.#require(id);
    this.#db.prepare('UPDATE iot_principals SET enabled = ? WHERE id = ?').run(enabled ? 1 : 0, id);
    if (!enabled) this.#verified.delete(id);
    return toRecord(this.#require(id));
  }

  async authenticate(id: string, secret: string): Promise<AuthResult> {
    const r = this.#row(id);
    if (!r) return { ok: false, reason: 'UNKNOWN_CLIENT' };
    if (r.enabled !== 1) return { ok: false, reason: 'DISABLED' };
    const fast = createHash('sha256').update(secret).digest('hex');
    if (this.#verified.get(id) !== fast) {
      if (!(await verifySecret(secret, r.secret_hash)))
        return { ok: false, reason: 'WRONG_SECRET' };
      this.#verified.set(id, fast);
    }
    return { ok: true, principal: this.#principalOf(r) };
  }

  #principalOf(r: Row): Principal {
    const store = this.#options.store;
    if (r.role === 'device') {
      return { role: 'device', id: r.id, store, kind: r.kind as DeviceKind, lane: r.lane };
    }
    if (r.role === 'lane') return { role: 'lane', id: r.id, store, lane: r.lane ?? '' };
    return { role: 'service', id: r.id, store };
  }

  setConnectivity(id: string, connectivity: 'online' | 'offline', at: number): void {
    this.#db
      .prepare(
        'UPDATE iot_principals SET connectivity = ?, last_seen = MAX(COALESCE(last_seen, 0), ?) WHERE id = ?',
      )
      .run(connectivity, at, id);
  }

  recordHeartbeat(
    id: string,
    at: number,
    intervalSeconds: number,
    firmware: string | undefined,
  ): void {
    this.#db
      .prepare(
        `UPDATE iot_principals SET last_seen = MAX(COALESCE(last_seen, 0), ?), heartbeat_interval_s = ?,
         firmware = COALESCE(?, firmware) WHERE id = ?`,
      )
      .run(at, intervalSeconds, firmware ?? null, id);
  }

  addRejected(counts: ReadonlyMap<string, number>): void {
    const stmt = this.#db.prepare(
      'UPDATE iot_principals SET rejected_count = rejected_count + ? WHERE id = ?',
    );
    this.#db.transaction(() => {
      for (const [id, n] of counts) stmt.run(n, id);
    })();
  }

  /** Devices of one lane, for the lane UI's command rights. */
  devicesOfLane(lane: string): DeviceRecord[] {
    return (
      this.#db
        .prepare("SELECT * FROM iot_principals WHERE role = 'device' AND lane = ?")
        .all(lane) as Row[]
    ).map(toRecord);
  }
}
