import type { ShelfEvent } from '@mendian/protocol';
import type { EventBus } from '../broker/event-bus.js';
import type { IotEvents } from '../broker/iot-events.js';
import type { ShelfMonitor } from './shelf-monitor.js';

/** Feeds committed shelf events from the hub's bus into the monitor and ticks shrink checks. */
export class ShelfFeature {
  #off: (() => void) | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly bus: EventBus<IotEvents>,
    private readonly monitor: ShelfMonitor,
    private readonly tickEveryMs = 60_000,
  ) {}

  start(): void {
    this.monitor.start();
    this.#off = this.bus.on('device.message', 'shelves/shelf-feature', (m) => {
      if (m.topic.kind !== 'shelf' || m.topic.channel !== 'event' || m.duplicate) return;
      this.monitor.ingest(m.topic.device, m.payload as ShelfEvent);
    });
    this.#timer = setInterval(() => this.monitor.tick(), this.tickEveryMs);
    this.#timer.unref();
  }

  stop(): void {
    this.#off?.();
    this.#off = null;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
