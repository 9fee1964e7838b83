import { ulid, type ShelfEvent } from '@mendian/protocol';
import { DeviceMqtt, type MqttSettings } from '../host/device-mqtt.js';
import { gaussian, seededRandom, type Random } from './prng.js';

export interface ShelfSimulatorOptions {
  mqtt: MqttSettings;
  store: string;
  device: string;
  /** Slot id → grams on it now. */
  slots: Record<string, number>;
  /** Load cell noise, grams (standard deviation). */
  noiseGrams?: number;
  dropoutRate?: number;
  seed?: number;
  heartbeatSeconds?: number;
  now?: () => number;
}

/**
 * A smart weight shelf: one load cell per slot, publishing readings with noise, a short unstable
 * phase after an item is taken or put back, and lost reports. Answers `tare` over MQTT.
 */
export class ShelfSimulator {
  readonly mqtt: DeviceMqtt;
  private readonly random: Random;
  private readonly grams = new Map<string, number>();
  private readonly offsets = new Map<string, number>();
  private readonly changedAt = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  published = 0;
  dropped = 0;

  constructor(private readonly options: ShelfSimulatorOptions) {
    this.random = seededRandom(options.seed ?? 11);
    this.now = options.now ?? Date.now;
    for (const [slot, g] of Object.entries(options.slots)) this.grams.set(slot, g);
    const mqttOptions: ConstructorParameters<typeof DeviceMqtt>[2] = { firmware: 'sim-shelf-1' };
    if (options.heartbeatSeconds !== undefined)
      mqttOptions.heartbeatSeconds = options.heartbeatSeconds;
    this.mqtt = new DeviceMqtt(
      { store: options.store, kind: 'shelf', device: options.device },
      options.mqtt,
      mqttOptions,
    );
    this.mqtt.onCommand((req) => {
      if (req.command === 'tare') {
        for (const [slot, g] of this.grams) this.offsets.set(slot, g);
        return Promise.resolve({ data: { tared: [...this.grams.keys()] } });
      }
      return Promise.resolve({ data: { slots: this.grams.size } });
    });
  }

  /** A shopper takes (negative) or puts back (positive) weight on a slot. */
  change(slot: string, deltaGrams: number): void {
    this.grams.set(slot, (this.grams.get(slot) ?? 0) + deltaGrams);
    this.changedAt.set(slot, this.now());
  }

  nextReport(): ShelfEvent | null {
    if (this.random() < (this.options.dropoutRate ?? 0.05)) {
      this.dropped++;
      return null;
    }
    const at = this.now();
    const readings: ShelfEvent['readings'] = [];
    for (const [slot, g] of this.grams) {
      const settling = at - (this.changedAt.get(slot) ?? 0) < 800;
      const noise = gaussian(this.random, settling ? 60 : (this.options.noiseGrams ?? 2));
      const value = Math.round(g - (this.offsets.get(slot) ?? 0) + noise);
      readings.push({
        slot,
        grams: Math.max(-100_000, Math.min(1_000_000, value)),
        stable: !settling,
      });
    }
    return readings.length === 0 ? null : { eventId: ulid(), at, readings: readings.slice(0, 64) };
  }

  async tick(): Promise<void> {
    const r = this.nextReport();
    if (!r) return;
    await this.mqtt.publish('event', r);
    this.published++;
  }

  async start(intervalMs = 1000): Promise<void> {
    await this.mqtt.start();
    this.timer = setInterval(() => void this.tick().catch(() => undefined), intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.mqtt.stop();
  }
}
