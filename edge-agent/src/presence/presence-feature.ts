import type { PresenceEvent } from '@mendian/protocol';
import type { EventBus } from '../broker/event-bus.js';
import type { IotEvents } from '../broker/iot-events.js';
import type { VisitTracker } from './visit-tracker.js';

/**
 * Feeds committed presence events from the hub's bus into the visit tracker and ticks it. The
 * tracker itself knows nothing of MQTT or the bus.
 */
export class PresenceFeature {
  #off: (() => void) | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly bus: EventBus<IotEvents>,
    private readonly tracker: VisitTracker,
    private readonly tickEveryMs = 30_000,
  ) {}

  start(): void {
    this.#off = this.bus.on('device.message', 'presence/presence-feature', (m) => {
      // A retried event (same eventId) was already counted.
      if (m.topic.kind !== 'presence' || m.topic.channel !== 'event' || m.duplicate) return;
      this.tracker.ingest(m.payload as PresenceEvent);
    });
    this.#timer = setInterval(() => this.tracker.tick(), this.tickEveryMs);
    this.#timer.unref();
  }

  stop(): void {
    this.#off?.();
    this.#off = null;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
