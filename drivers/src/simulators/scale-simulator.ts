import type { ScaleProtocol } from '../models/capabilities.js';
import { ACLAS_ACK, ACLAS_DC1, ACLAS_ENQ } from '../scales/aclas-os2.js';
import { SCALE_CODECS } from '../scales/codecs.js';
import type { ScaleReading } from '../scales/scale-codec.js';
import type { ByteTransport } from '../transports/transport.js';
import { gaussian, seededRandom, type Random } from './prng.js';

export interface ScaleSimulatorOptions {
  protocol: ScaleProtocol;
  /** Continuous protocols: frames per second (a Toledo sends ~10). */
  rateHz?: number;
  unit?: ScaleReading['displayUnit'];
  capacityGrams?: number;
  divisionGrams?: number;
  /** How long a newly placed load swings before it settles. */
  settleMs?: number;
  seed?: number;
}

/**
 * A serial scale on the device end of a transport (pty pair or MockBinding): sends continuous
 * frames or answers polls, swings with noise after a load is placed, settles, honours tare and
 * zero commands, and reports overload above capacity.
 */
export class ScaleSimulator {
  private gross = 0;
  private tare = 0;
  private zeroOffset = 0;
  private placedAt = 0;
  private settleFor = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly random: Random;
  private offData: (() => void) | undefined;
  framesSent = 0;

  constructor(
    private readonly device: ByteTransport,
    private readonly options: ScaleSimulatorOptions,
  ) {
    this.random = seededRandom(options.seed ?? 1);
  }

  async start(): Promise<void> {
    await this.device.open();
    this.offData = this.device.onData((b) => this.onCommand(b));
    if (this.options.protocol !== 'aclas-os2') {
      this.timer = setInterval(() => this.send(), 1000 / (this.options.rateHz ?? 10));
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.offData?.();
    await this.device.close();
  }

  /** Puts a load of `grams` on the platter (0 to clear it); `settleMs` overrides the default. */
  place(grams: number, settleMs?: number): void {
    this.gross = grams;
    this.placedAt = Date.now();
    this.settleFor = settleMs ?? this.options.settleMs ?? 300;
  }

  reading(): ScaleReading {
    const division = this.options.divisionGrams ?? 5;
    const settling = Date.now() - this.placedAt < this.settleFor;
    const noise = settling ? gaussian(this.random, 40) : 0;
    const raw = this.gross - this.zeroOffset + noise;
    const gross = Math.round(raw / division) * division;
    const capacity = this.options.capacityGrams ?? 15_000;
    return {
      grams: gross - this.tare,
      tareGrams: this.tare,
      stable: !settling,
      overload: gross > capacity + 9 * division,
      underload: gross < -20 * division,
      displayUnit: this.options.unit ?? 'kg',
    };
  }

  private send(): void {
    if (!this.device.isOpen) return;
    this.framesSent++;
    this.device
      .write(SCALE_CODECS[this.options.protocol].encode(this.reading()))
      .catch(() => undefined);
  }

  private onCommand(bytes: Uint8Array): void {
    for (const b of bytes) {
      if (this.options.protocol === 'aclas-os2') {
        if (b === ACLAS_ENQ) this.device.write(Uint8Array.of(ACLAS_ACK)).catch(() => undefined);
        if (b === ACLAS_DC1) this.send();
      } else if (b === 0x54) {
        // 'T': tare what is on the platter now (only when stable, like the real scale).
        const r = this.reading();
        if (r.stable) this.tare = r.grams + r.tareGrams;
      } else if (b === 0x5a) {
        const r = this.reading();
        if (r.stable && this.tare === 0) this.zeroOffset += r.grams;
      }
    }
  }
}
