import { createHash } from 'node:crypto';
import { ulid, type PresenceEvent } from '@mendian/protocol';
import { DeviceMqtt, type MqttSettings } from '../host/device-mqtt.js';
import { gaussian, seededRandom, type Random } from './prng.js';

export interface PresenceSimulatorOptions {
  mqtt: MqttSettings;
  store: string;
  device: string;
  /** Store salt; the MAC hash is SHA-256(salt + day + MAC), so it changes every day. */
  salt: string;
  /** Phones around the sensor. */
  population?: number;
  /** Share of reports lost (Wi-Fi congestion, sensor reboot). */
  dropoutRate?: number;
  /** Share of phones using a randomised (locally administered) MAC. */
  randomizedShare?: number;
  seed?: number;
  heartbeatSeconds?: number;
  now?: () => number;
}

interface Phone {
  mac: string;
  randomized: boolean;
  rssi: number;
}

/**
 * A Wi-Fi presence sensor: sniffs phones' probe requests and publishes salted hashes with RSSI,
 * like the real device would, over its own MQTT session. Noise on RSSI, phones that come and
 * go, and reports that never arrive.
 */
export class PresenceSensorSimulator {
  readonly mqtt: DeviceMqtt;
  private readonly random: Random;
  private phones: Phone[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  enabled = true;
  published = 0;
  dropped = 0;

  constructor(private readonly options: PresenceSimulatorOptions) {
    this.random = seededRandom(options.seed ?? 7);
    this.now = options.now ?? Date.now;
    const mqttOptions: ConstructorParameters<typeof DeviceMqtt>[2] = { firmware: 'sim-presence-1' };
    if (options.heartbeatSeconds !== undefined)
      mqttOptions.heartbeatSeconds = options.heartbeatSeconds;
    this.mqtt = new DeviceMqtt(
      { store: options.store, kind: 'presence', device: options.device },
      options.mqtt,
      mqttOptions,
    );
    for (let i = 0; i < (options.population ?? 20); i++) this.phones.push(this.newPhone());
    this.mqtt.onCommand((req) => {
      if (req.command === 'setEnabled') this.enabled = req.params.enabled;
      return Promise.resolve({ data: { enabled: this.enabled, phones: this.phones.length } });
    });
  }

  private newPhone(): Phone {
    const randomized = this.random() < (this.options.randomizedShare ?? 0.6);
    const bytes = Array.from({ length: 6 }, () => Math.floor(this.random() * 256));
    // Locally administered bit (0x02 of the first octet) marks a randomised MAC.
    bytes[0] = randomized ? (bytes[0]! | 0x02) & 0xfe : bytes[0]! & 0xfc;
    return {
      mac: bytes.map((b) => b.toString(16).padStart(2, '0')).join(':'),
      randomized,
      rssi: -40 - Math.floor(this.random() * 50),
    };
  }

  private hash(mac: string, day: string): string {
    return createHash('sha256')
      .update(`${this.options.salt}|${day}|${mac}`)
      .digest('hex')
      .slice(0, 32);
  }

  /** Builds the next report (or null for a dropout) without publishing it. */
  nextReport(): PresenceEvent | null {
    // Churn: a few phones leave, a few arrive.
    this.phones = this.phones.filter(() => this.random() > 0.05);
    while (this.phones.length < (this.options.population ?? 20) * (0.8 + this.random() * 0.4))
      this.phones.push(this.newPhone());
    if (this.random() < (this.options.dropoutRate ?? 0.1)) {
      this.dropped++;
      return null;
    }
    const at = this.now();
    const day = new Date(at).toISOString().slice(0, 10);
    const seen = this.phones.filter(() => this.random() < 0.8);
    if (seen.length === 0) return null;
    return {
      eventId: ulid(),
      at,
      saltDay: day,
      sightings: seen.slice(0, 500).map((p) => ({
        macHash: this.hash(p.mac, day),
        rssi: Math.max(-127, Math.min(0, Math.round(p.rssi + gaussian(this.random, 4)))),
        at,
        randomized: p.randomized,
      })),
    };
  }

  async tick(): Promise<void> {
    if (!this.enabled) return;
    const report = this.nextReport();
    if (!report) return;
    await this.mqtt.publish('event', report);
    this.published++;
  }

  async start(intervalMs = 5000): Promise<void> {
    await this.mqtt.start();
    this.timer = setInterval(() => void this.tick().catch(() => undefined), intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.mqtt.stop();
  }
}
