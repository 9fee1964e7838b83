import { readFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { buildTopic, encodePayload, publishOptionsFor, type TopicParts } from '@mendian/protocol';
import type { DeviceRegistry, Principal } from '../devices/device-registry.js';
import { canSubscribe } from './broker-policy.js';
import type { StoreBrokerConfig } from './broker-config.js';
import type { DurableIngest } from './durable-ingest.js';
import type { EventBus } from './event-bus.js';
import type { IotEvents } from './iot-events.js';
import type { Logger } from './logger.js';
import { PublishGate } from './publish-gate.js';
import { SqlitePersistence } from './sqlite-persistence.js';

export interface StoreBrokerDeps {
  config: StoreBrokerConfig;
  registry: DeviceRegistry;
  ingest: DurableIngest;
  bus: EventBus<IotEvents>;
  logger: Logger;
  now?: () => number;
}

export class BrokerError extends Error {
  constructor(
    readonly code: 'BROKER_NOT_STARTED' | 'BROKER_PUBLISH_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'BrokerError';
  }
}

// CONNACK return codes (MQTT 3.1.1 table 3.1).
type ReturnCode = AuthenticateError['returnCode'];
const BAD_USERNAME_OR_PASSWORD = 4 as ReturnCode;
const NOT_AUTHORIZED = 5 as ReturnCode;

function authError(message: string, returnCode: ReturnCode): AuthenticateError {
  const e = new Error(message) as AuthenticateError;
  e.returnCode = returnCode;
  return e;
}

function listen(server: Server | HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server | HttpServer | null): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

/**
 * Client ids a principal may use: its id, and for devices also `{store}-{kind}-{id}` (what the
 * drivers' DeviceMqtt uses), so the id names the device and cannot impersonate another.
 */
function clientIdsOf(p: Principal): string[] {
  return p.role === 'device' ? [p.id, `${p.store}-${p.kind}-${p.id}`.slice(0, 64)] : [p.id];
}

/**
 * The store's MQTT broker: aedes with SQLite persistence, per-device authentication, deny-by-
 * default ACLs and the publish gate (validation + durable ingest before PUBACK), listening on TCP,
 * optionally WebSocket and TLS.
 */
export class StoreBroker {
  #aedes: Aedes | null = null;
  #persistence: SqlitePersistence | null = null;
  #gate: PublishGate | null = null;
  #servers: { tcp: Server | null; tls: Server | null; http: HttpServer | null } = {
    tcp: null,
    tls: null,
    http: null,
  };
  #wss: WebSocketServer | null = null;
  #ports = { tcp: 0, ws: 0, tls: 0 };
  readonly #principals = new WeakMap<Client, Principal>();
  readonly #sockets = new Set<Socket>();
  readonly #sessions = new Map<string, Client>();

  constructor(private readonly deps: StoreBrokerDeps) {}

  get ports(): Readonly<{ tcp: number; ws: number; tls: number }> {
    return this.#ports;
  }

  get connectedClients(): number {
    return this.#aedes?.connectedClients ?? 0;
  }

  get counters(): ReadonlyMap<string, number> {
    return this.#gate?.counters ?? new Map();
  }

  #now(): number {
    return (this.deps.now ?? Date.now)();
  }

  async start(): Promise<void> {
    const { config, registry, bus, logger } = this.deps;
    const limits = config.limits;
    const persistence = new SqlitePersistence({
      path: join(config.dataDir, 'broker-state.sqlite'),
    });
    this.#persistence = persistence;
    const rejectedSinceFlush = new Map<string, number>();
    const gate = new PublishGate({
      limits,
      ingest: this.deps.ingest,
      bus,
      logger,
      now: () => this.#now(),
      policy: { laneOfDevice: (id) => registry.get(id)?.lane ?? null },
      output: { publishInternal: (t, p, qos, retain) => this.#publishInternal(t, p, qos, retain) },
      onRejected: (id) => {
        rejectedSinceFlush.set(id, (rejectedSinceFlush.get(id) ?? 0) + 1);
        // Counted in the registry once per turn, not once per refused message.
        if (rejectedSinceFlush.size === 1 && rejectedSinceFlush.get(id) === 1) {
          setImmediate(() => {
            registry.addRejected(rejectedSinceFlush);
            rejectedSinceFlush.clear();
          });
        }
      },
    });
    this.#gate = gate;
    const aedes = await Aedes.createBroker({
      persistence,
      maxTopicLevels: limits.maxTopicLevels,
      connectTimeout: limits.connectTimeoutMs,
      drainTimeout: limits.drainTimeoutMs,
      // Enough in-flight deliveries for a store's burst; drainTimeout frees slots of frozen clients.
      concurrency: 1000,
      preConnect: (_client, _packet, done) => {
        done(null, aedes.connectedClients < limits.maxConnections);
      },
      authenticate: (client, username, password, done) => {
        if (!username || !password) {
          done(authError('username and password are required', BAD_USERNAME_OR_PASSWORD), null);
          return;
        }
        registry.authenticate(username, password.toString('utf8')).then(
          (r) => {
            if (!r.ok) {
              logger.warn(`refused connection of ${username}: ${r.reason}`);
              const code = r.reason === 'DISABLED' ? NOT_AUTHORIZED : BAD_USERNAME_OR_PASSWORD;
              done(authError(r.reason, code), null);
              return;
            }
            if (!clientIdsOf(r.principal).includes(client.id)) {
              done(
                authError(
                  `client id must be one of ${clientIdsOf(r.principal).join(', ')}`,
                  NOT_AUTHORIZED,
                ),
                null,
              );
              return;
            }
            this.#principals.set(client, r.principal);
            done(null, true);
          },
          (e: unknown) =>
            done(authError(`authentication failed: ${String(e)}`, NOT_AUTHORIZED), null),
        );
      },
      authorizePublish: (client, packet, done) => {
        if (client === null) {
          // A will of a client that died while this broker was down: only availability wills.
          done(packet.topic.endsWith('/availability') ? null : new Error('orphan will refused'));
          return;
        }
        const principal = this.#principals.get(client);
        if (!principal) {
          done(new Error('unauthenticated client'));
          return;
        }
        gate.check(principal, packet, done);
      },
      authorizeSubscribe: (client, sub, done) => {
        const principal = this.#principals.get(client);
        const decision = principal
          ? canSubscribe(principal, sub.topic)
          : { ok: false, reason: 'unauthenticated' };
        if (!decision.ok) {
          logger.warn(`refused subscription of ${client.id} to ${sub.topic}`, {
            reason: decision.reason,
          });
          // A negative SUBACK (0x80) tells the client, and the connection stays up.
          done(null, null);
          return;
        }
        done(null, sub);
      },
      authorizeForward: (_client, packet) => (gate.isRejected(packet.payload) ? null : packet),
    });
    this.#aedes = aedes;
    aedes.on('clientReady', (client) => {
      const principal = this.#principals.get(client);
      if (!principal) return;
      // One connection per principal: a newer one (a rebooted device whose old TCP session is
      // still half-open) replaces the older, whatever client id each used.
      const previous = this.#sessions.get(principal.id);
      this.#sessions.set(principal.id, client);
      if (previous && previous !== client) previous.close();
      bus.emit('client.connected', { principal, at: this.#now() });
    });
    aedes.on('clientDisconnect', (client) => {
      const principal = this.#principals.get(client);
      gate.forget(client.id);
      if (!principal) return;
      if (this.#sessions.get(principal.id) !== client) return;
      this.#sessions.delete(principal.id);
      bus.emit('client.disconnected', { principal, at: this.#now() });
    });
    aedes.on('clientError', (client, err) => {
      logger.warn(`client ${client.id} error: ${err.message}`);
    });
    aedes.on('connectionError', (_client, err) => {
      logger.warn(`connection error: ${err.message}`);
    });

    const onSocket = (socket: Socket): void => {
      // Nagle would hold small PUBACKs for up to 40 ms; p99 latency depends on this.
      socket.setNoDelay(true);
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
      aedes.handle(socket);
    };
    const tcp = createNetServer(onSocket);
    this.#servers.tcp = tcp;
    this.#ports.tcp = await listen(tcp, config.tcpPort, config.host);
    if (config.tls) {
      const tls = createTlsServer(
        { cert: readFileSync(config.tls.certPath), key: readFileSync(config.tls.keyPath) },
        (socket) => onSocket(socket),
      );
      this.#servers.tls = tls;
      this.#ports.tls = await listen(tls, config.tls.port, config.host);
    }
    if (config.wsPort !== null) {
      const http = createHttpServer();
      const wss = new WebSocketServer({ server: http, maxPayload: limits.maxPayloadBytes + 1024 });
      wss.on('connection', (ws, req) => {
        ws.on('error', (e) => logger.warn(`websocket error: ${e.message}`));
        const stream = createWebSocketStream(ws);
        stream.on('error', () => ws.terminate());
        aedes.handle(stream, req);
      });
      this.#servers.http = http;
      this.#wss = wss;
      this.#ports.ws = await listen(http, config.wsPort, config.host);
    }
    logger.info('store broker listening', { ...this.#ports });
  }

  #publishInternal(topic: string, payload: Uint8Array, qos: 0 | 1, retain: boolean): void {
    this.#aedes?.publish(
      { cmd: 'publish', topic, payload: Buffer.from(payload), qos, retain, dup: false },
      (err) => {
        if (err) this.deps.logger.error(`internal publish on ${topic} failed: ${err.message}`);
      },
    );
  }

  /** The one publish path of the hub: QoS and retain follow the channel. */
  publish(parts: TopicParts, payload: unknown): Promise<void> {
    const aedes = this.#aedes;
    if (!aedes)
      return Promise.reject(new BrokerError('BROKER_NOT_STARTED', 'broker is not started'));
    const { qos, retain } = publishOptionsFor(parts.channel);
    const topic = buildTopic(parts);
    return new Promise((resolve, reject) => {
      aedes.publish(
        {
          cmd: 'publish',
          topic,
          payload: Buffer.from(encodePayload(payload)),
          qos,
          retain,
          dup: false,
        },
        (err) => (err ? reject(new BrokerError('BROKER_PUBLISH_FAILED', err.message)) : resolve()),
      );
    });
  }

  async stop(): Promise<void> {
    const aedes = this.#aedes;
    if (!aedes) return;
    this.#aedes = null;
    this.#wss?.close();
    for (const s of this.#sockets) s.destroy();
    await Promise.all([
      close(this.#servers.tcp),
      close(this.#servers.tls),
      close(this.#servers.http),
    ]);
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await this.#persistence?.destroy();
    this.#persistence = null;
  }
}
