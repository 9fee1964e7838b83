import type { Logger } from '../errors.js';
import type { DeviceAdapter } from './device-adapters.js';
import type { DeviceMqtt } from './device-mqtt.js';
import type { ByteTransport } from '../transports/transport.js';

function onlineOf(state: unknown): boolean | undefined {
  if (
    typeof state === 'object' &&
    state !== null &&
    'online' in state &&
    typeof state.online === 'boolean'
  ) {
    return state.online;
  }
  return undefined;
}

export interface Backoff {
  minMs: number;
  maxMs: number;
}

/**
 * One configured device: its transport, its adapter and its MQTT session. Keeps a stream device
 * open, and when it disappears marks it offline and retries with exponential backoff, forever,
 * until stopped. A listener that throws is logged and the host goes on.
 */
export class DeviceRuntime {
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private offClose: (() => void) | undefined;
  deviceOnline = false;
  reconnects = 0;

  constructor(
    readonly id: string,
    private readonly transport: ByteTransport,
    private readonly adapter: DeviceAdapter,
    readonly mqtt: DeviceMqtt,
    private readonly backoff: Backoff,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.mqtt.onCommand((req) => this.adapter.handle(req));
    this.adapter.start((channel, payload) => {
      // Availability follows a state that says the device came or went (polled printers).
      const online = channel === 'state' ? this.reachable(payload) : undefined;
      if (online !== undefined && online !== this.deviceOnline) {
        this.deviceOnline = online;
        void this.mqtt
          .publishAvailability(online, online ? undefined : 'device')
          .catch(() => undefined);
      }
      this.mqtt
        .publish(channel, payload)
        .catch((e: Error) =>
          this.logger.error('publish failed', { device: this.id, channel, error: e.message }),
        );
    });
    await this.mqtt.start();
    if (this.adapter.keepOpen) {
      await this.connect();
    } else {
      // Printers are opened per job; report what the first status query finds.
      await this.publishState(true);
    }
  }

  private reachable(state: unknown): boolean | undefined {
    if (state === undefined) return undefined;
    return this.adapter.reachable ? this.adapter.reachable(state) : onlineOf(state);
  }

  private async publishState(online: boolean): Promise<void> {
    try {
      const state = this.adapter.state ? await this.adapter.state(online) : undefined;
      // A printer opened per job knows whether it is reachable only from its status query.
      const reachable = this.reachable(state) ?? online;
      this.deviceOnline = reachable;
      await this.mqtt.publishAvailability(reachable, reachable ? undefined : 'device');
      if (state !== undefined) await this.mqtt.publish('state', state);
    } catch (e) {
      this.logger.warn('state not published', { device: this.id, error: (e as Error).message });
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.transport.open();
    } catch (e) {
      this.logger.warn('device not reachable', { device: this.id, error: (e as Error).message });
      if (this.deviceOnline || this.attempt === 0) await this.publishState(false);
      this.scheduleRetry();
      return;
    }
    this.attempt = 0;
    this.offClose?.();
    this.offClose = this.transport.onClose((cause) => {
      this.logger.warn('device lost', { device: this.id, error: cause?.message });
      void this.publishState(false).then(() => this.scheduleRetry());
    });
    if (this.reconnects > 0 || !this.deviceOnline) await this.publishState(true);
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = Math.min(
      this.backoff.maxMs,
      this.backoff.minMs * 2 ** Math.min(this.attempt, 16),
    );
    this.attempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.reconnects++;
      void this.connect();
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.offClose?.();
    this.adapter.stop();
    await this.transport.close().catch(() => undefined);
    await this.mqtt.stop();
  }
}
