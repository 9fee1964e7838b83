import type { DeviceKind } from '@mendian/protocol';
import type { EventBus } from '../broker/event-bus.js';
import type { IotEvents } from '../broker/iot-events.js';
import type { DeviceRegistry } from './device-registry.js';

interface Liveness {
  kind: DeviceKind | null;
  lastHeard: number;
  intervalMs: number | null;
  online: boolean;
}

export interface AvailabilityMonitorOptions {
  bus: EventBus<IotEvents>;
  registry: DeviceRegistry;
  now?: () => number;
  /** How often silence is checked. */
  sweepEveryMs?: number;
  /** A device silent longer than this many heartbeat intervals is offline. */
  silenceFactor?: number;
}

/**
 * Online/offline of every device from three signals: the connection (connect / disconnect), the
 * device's retained availability and last will, and heartbeats. A device silent for more than
 * 3x its declared heartbeat interval is marked offline and raises an alert, even when its TCP
 * connection still looks open (a hung firmware keeps answering PINGREQ on some stacks).
 */
export class AvailabilityMonitor {
  readonly #devices = new Map<string, Liveness>();
  #timer: NodeJS.Timeout | null = null;
  #unsubscribe: (() => void)[] = [];

  constructor(private readonly options: AvailabilityMonitorOptions) {}

  #now(): number {
    return (this.options.now ?? Date.now)();
  }

  start(): void {
    const { bus, registry } = this.options;
    const M = 'devices/availability-monitor';
    this.#unsubscribe = [
      bus.on('client.connected', M, ({ principal, at }) => {
        if (principal.role === 'device') this.#markOnline(principal.id, principal.kind, at);
      }),
      bus.on('client.disconnected', M, ({ principal, at }) => {
        if (principal.role === 'device') this.#markOffline(principal.id, at, 'lastWill');
      }),
      bus.on('device.heartbeat', M, ({ topic, heartbeat, receivedAt }) => {
        const d = this.#entry(topic.device, topic.kind);
        d.intervalMs = heartbeat.intervalSeconds * 1000;
        registry.recordHeartbeat(
          topic.device,
          receivedAt,
          heartbeat.intervalSeconds,
          heartbeat.firmware,
        );
        this.#markOnline(topic.device, topic.kind, receivedAt);
      }),
      bus.on('device.availability', M, ({ topic, availability, receivedAt }) => {
        if (availability.status === 'online')
          this.#markOnline(topic.device, topic.kind, receivedAt);
        else {
          this.#markOffline(
            topic.device,
            receivedAt,
            availability.reason === 'lastWill' ? 'lastWill' : 'announced',
          );
        }
      }),
      bus.on('device.message', M, ({ topic, receivedAt }) => {
        this.#entry(topic.device, topic.kind).lastHeard = receivedAt;
      }),
    ];
    this.#timer = setInterval(() => this.sweep(), this.options.sweepEveryMs ?? 1000);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
  }

  #entry(id: string, kind: DeviceKind | null): Liveness {
    let d = this.#devices.get(id);
    if (!d) {
      d = { kind, lastHeard: this.#now(), intervalMs: null, online: false };
      this.#devices.set(id, d);
    }
    return d;
  }

  #markOnline(id: string, kind: DeviceKind | null, at: number): void {
    const d = this.#entry(id, kind);
    d.lastHeard = Math.max(d.lastHeard, at);
    if (d.online) return;
    d.online = true;
    this.options.registry.setConnectivity(id, 'online', at);
    this.options.bus.emit('device.online', { device: id, kind: d.kind, at });
  }

  #markOffline(
    id: string,
    at: number,
    reason: 'lastWill' | 'heartbeatSilence' | 'announced',
  ): void {
    const d = this.#devices.get(id);
    if (d && !d.online) return;
    const kind = d?.kind ?? this.options.registry.get(id)?.kind ?? null;
    if (d) d.online = false;
    this.options.registry.setConnectivity(id, 'offline', at);
    this.options.bus.emit('device.offline', { device: id, kind, at, reason });
    this.options.bus.emit('alert', {
      code: 'DEVICE_OFFLINE',
      message: `设备 ${id} 离线 / device ${id} is offline (${reason})`,
      at,
      subject: id,
    });
  }

  /** Marks devices silent past silenceFactor x their heartbeat interval as offline. */
  sweep(): void {
    const now = this.#now();
    const factor = this.options.silenceFactor ?? 3;
    for (const [id, d] of this.#devices) {
      if (d.online && d.intervalMs !== null && now - d.lastHeard > factor * d.intervalMs) {
        this.#markOffline(id, now, 'heartbeatSilence');
      }
    }
  }

  isOnline(id: string): boolean {
    return this.#devices.get(id)?.online ?? false;
  }
}
