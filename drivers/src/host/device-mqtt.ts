import {
  buildTopic,
  COMMANDS_BY_KIND,
  commandRequest,
  encodePayload,
  issuesOf,
  payloadSchemaFor,
  publishOptionsFor,
  type Channel,
  type CommandReply,
  type CommandRequest,
  type DeviceKind,
} from '@mendian/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import { DriverError, silentLogger, type Logger } from '../errors.js';

export interface DeviceIdentity {
  store: string;
  kind: DeviceKind;
  device: string;
}

export interface MqttSettings {
  url: string;
  username?: string;
  password?: string;
  /** Retry interval after the broker disappears. */
  reconnectMs?: number;
  keepaliveSeconds?: number;
}

export type CommandHandler = (
  request: CommandRequest,
) => Promise<{ data?: unknown } | { error: { code: string; message: string } }>;

export interface DeviceMqttOptions {
  heartbeatSeconds?: number;
  firmware?: string;
  logger?: Logger;
  now?: () => number;
}

/**
 * One device's MQTT session: the only place its topics are built and its messages published.
 * Every device has its own connection, because a last will covers one topic and the broker's
 * ACL confines a device's credentials to its own prefix (DESIGN.md, Devices and MQTT).
 *
 * - availability: 'online' on every (re)connect, 'offline' as last will and on stop; retained
 * - heartbeat every `heartbeatSeconds`
 * - cmd: validated, late requests answered with DEADLINE_EXCEEDED, retried transactions get the
 *   first reply again without running twice
 * - every outgoing payload is validated against the protocol schema first
 */
export class DeviceMqtt {
  private client: MqttClient | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private seq = 0;
  private readonly startedAt: number;
  private handler: CommandHandler | undefined;
  private readonly replies = new Map<string, Promise<CommandReply>>();
  private readonly retained = new Map<Channel, unknown>();
  private deviceOnline = true;
  private readonly logger: Logger;
  private readonly now: () => number;
  private connectWaiters: Array<() => void> = [];

  constructor(
    readonly identity: DeviceIdentity,
    private readonly settings: MqttSettings,
    private readonly options: DeviceMqttOptions = {},
  ) {
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
  }

  topic(channel: Channel): string {
    return buildTopic({ ...this.identity, channel });
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  onCommand(handler: CommandHandler): void {
    this.handler = handler;
  }

  /** Connects (and keeps reconnecting on its own). Resolves at the first connection. */
  start(): Promise<void> {
    const s = this.settings;
    const clientId = `${this.identity.store}-${this.identity.kind}-${this.identity.device}`.slice(
      0,
      64,
    );
    const opts: mqtt.IClientOptions = {
      clientId,
      clean: true,
      keepalive: s.keepaliveSeconds ?? 30,
      reconnectPeriod: s.reconnectMs ?? 1000,
      connectTimeout: 5000,
      will: {
        topic: this.topic('availability'),
        payload: Buffer.from(
          JSON.stringify({ status: 'offline', at: this.now(), reason: 'lastWill' }),
        ),
        qos: 1,
        retain: true,
      },
    };
    if (s.username !== undefined) opts.username = s.username;
    if (s.password !== undefined) opts.password = s.password;
    const client = mqtt.connect(s.url, opts);
    this.client = client;
    client.on('connect', () => {
      this.logger.info('mqtt connected', { clientId });
      client.subscribe(this.topic('cmd'), { qos: 1 }, (e) => {
        if (e) this.logger.error('subscribe failed', { error: e.message });
      });
      void this.announce();
      for (const w of this.connectWaiters.splice(0)) w();
    });
    client.on('error', (e) => this.logger.warn('mqtt error', { error: e.message }));
    client.on('message', (topic, payload) => {
      if (topic === this.topic('cmd')) void this.handleCommand(payload);
    });
    const interval = this.options.heartbeatSeconds ?? 30;
    this.heartbeat = setInterval(() => {
      void this.publish('heartbeat', {
        at: this.now(),
        seq: this.seq++,
        uptimeSeconds: Math.floor((this.now() - this.startedAt) / 1000),
        intervalSeconds: interval,
        ...(this.options.firmware ? { firmware: this.options.firmware } : {}),
      }).catch(() => undefined);
    }, interval * 1000);
    return this.waitConnected();
  }

  waitConnected(timeoutMs = 10_000): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(
        () =>
          reject(new DriverError('TRANSPORT_TIMEOUT', `MQTT ${this.settings.url} not reachable`)),
        timeoutMs,
      );
      this.connectWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /** After a reconnect the broker may have lost retained messages: say again who we are. */
  private async announce(): Promise<void> {
    try {
      await this.publishAvailability(this.deviceOnline, this.deviceOnline ? undefined : 'device');
      const state = this.retained.get('state');
      if (state !== undefined) await this.publish('state', state);
    } catch (e) {
      this.logger.warn('announce failed', { error: (e as Error).message });
    }
  }

  publishAvailability(online: boolean, reason?: string): Promise<void> {
    this.deviceOnline = online;
    const p: { status: 'online' | 'offline'; at: number; reason?: string } = {
      status: online ? 'online' : 'offline',
      at: this.now(),
    };
    if (reason !== undefined) p.reason = reason;
    return this.publish('availability', p);
  }

  /** Validates and publishes on one of this device's channels with the channel's QoS/retain. */
  async publish(channel: Channel, payload: unknown): Promise<void> {
    const schema = payloadSchemaFor(this.identity.kind, channel);
    if (!schema)
      throw new DriverError(
        'ENCODE_FAILED',
        `a ${this.identity.kind} does not publish on ${channel}`,
      );
    const r = schema.safeParse(payload);
    if (!r.success) {
      const issues = issuesOf(r.error)
        .map((i) => `${i.path}: ${i.message}`)
        .join('; ');
      throw new DriverError('ENCODE_FAILED', `${channel} payload refused by schema: ${issues}`);
    }
    if (channel === 'state') this.retained.set('state', payload);
    const client = this.client;
    if (!client) throw new DriverError('TRANSPORT_CLOSED', 'MQTT not started');
    const { qos, retain } = publishOptionsFor(channel);
    await client.publishAsync(this.topic(channel), Buffer.from(encodePayload(payload)), {
      qos,
      retain,
    });
  }

  private async handleCommand(payload: Buffer): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      this.logger.warn('cmd is not JSON');
      return;
    }
    const transaction =
      typeof json === 'object' &&
      json !== null &&
      'transaction' in json &&
      typeof json.transaction === 'string'
        ? json.transaction.slice(0, 64)
        : undefined;
    const parsed = commandRequest.safeParse(json);
    if (!parsed.success) {
      if (transaction) {
        const msg = issuesOf(parsed.error)
          .map((i) => `${i.path}: ${i.message}`)
          .join('; ');
        await this.reply({
          transaction,
          status: 'error',
          error: { code: 'BAD_REQUEST', message: msg.slice(0, 500) },
          at: this.now(),
        });
      }
      return;
    }
    const req = parsed.data;
    const cached = this.replies.get(req.transaction);
    if (cached) {
      await this.reply(await cached);
      return;
    }
    const work = this.run(req);
    this.replies.set(req.transaction, work);
    while (this.replies.size > 200) {
      const k = this.replies.keys().next().value;
      if (k === undefined) break;
      this.replies.delete(k);
    }
    await this.reply(await work);
  }

  private async run(req: CommandRequest): Promise<CommandReply> {
    const at = (): number => this.now();
    const fail = (code: string, message: string): CommandReply => ({
      transaction: req.transaction,
      status: 'error',
      error: { code, message: message.slice(0, 500) },
      at: at(),
    });
    if (!COMMANDS_BY_KIND[this.identity.kind].includes(req.command)) {
      return fail('UNSUPPORTED_COMMAND', `a ${this.identity.kind} does not accept ${req.command}`);
    }
    if (req.deadline < this.now())
      return fail('DEADLINE_EXCEEDED', 'the request arrived after its deadline');
    if (!this.handler) return fail('NOT_READY', 'device has no command handler');
    try {
      const out = await this.handler(req);
      if ('error' in out) return fail(out.error.code, out.error.message);
      const reply: CommandReply = { transaction: req.transaction, status: 'ok', at: at() };
      if (out.data !== undefined) reply.data = out.data;
      return reply;
    } catch (e) {
      const code = e instanceof DriverError ? e.code : 'DEVICE_ERROR';
      this.logger.error('command failed', { command: req.command, error: (e as Error).message });
      return fail(code, (e as Error).message);
    }
  }

  private async reply(reply: CommandReply): Promise<void> {
    try {
      await this.publish('reply', reply);
    } catch (e) {
      this.logger.error('reply not published', { error: (e as Error).message });
    }
  }

  /** Says goodbye (availability offline, retained) and disconnects. */
  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    if (client.connected) {
      const p = { status: 'offline', at: this.now(), reason: 'stopped' };
      await client
        .publishAsync(this.topic('availability'), JSON.stringify(p), { qos: 1, retain: true })
        .catch(() => undefined);
    }
    await client.endAsync();
  }

  /** Drops the TCP connection without DISCONNECT, as a crash or pulled cable would (tests). */
  kill(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.options.reconnectPeriod = 0;
      client.stream.destroy();
      client.end(true);
    }
  }
}
