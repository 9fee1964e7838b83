import { DriverError, err, ok, type Result } from '../errors.js';
import type { ScaleCapabilities } from '../models/capabilities.js';
import { Listeners, type ByteTransport } from '../transports/transport.js';
import { ACLAS_ACK } from './aclas-os2.js';
import { SCALE_CODECS } from './codecs.js';
import type { ScaleCodec, ScaleReading } from './scale-codec.js';

export interface ScaleDriverOptions {
  /** Polled protocols: how often to ask. */
  pollMs?: number;
  now?: () => number;
}

export type ReadWeightError = {
  code: 'UNSTABLE' | 'NO_DATA' | 'OVERLOAD' | 'UNDERLOAD';
  message: string;
};

/**
 * A serial scale: frames in, readings out. `readStable` is what checkout uses: it answers only
 * with a stable, in-range weight, because a price computed from a swinging weight is wrong.
 */
export class ScaleDriver {
  private readonly codec: ScaleCodec;
  private buffer: Uint8Array = new Uint8Array(0);
  private latest: { reading: ScaleReading; at: number } | undefined;
  private readonly listeners = new Listeners<[ScaleReading]>();
  private poller: NodeJS.Timeout | undefined;
  private offData: (() => void) | undefined;
  private readonly now: () => number;
  badFrames = 0;
  skippedBytes = 0;

  constructor(
    private readonly transport: ByteTransport,
    private readonly caps: ScaleCapabilities,
    private readonly options: ScaleDriverOptions = {},
  ) {
    this.codec = SCALE_CODECS[caps.protocol];
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.offData = this.transport.onData((b) => this.onBytes(b));
    const poll = this.codec.poll;
    if (poll && poll.length > 0) {
      this.poller = setInterval(() => {
        if (this.transport.isOpen) this.transport.write(poll[0]!).catch(() => undefined);
      }, this.options.pollMs ?? 200);
    }
  }

  stop(): void {
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
    this.offData?.();
    this.offData = undefined;
  }

  onReading(listener: (r: ScaleReading) => void): () => void {
    return this.listeners.add(listener);
  }

  get lastReading(): ScaleReading | undefined {
    return this.latest?.reading;
  }

  private onBytes(chunk: Uint8Array): void {
    let bytes = chunk;
    const poll = this.codec.poll;
    if (poll && poll.length > 1 && bytes.includes(ACLAS_ACK)) {
      // Polled handshake: the scale acknowledged the enquiry, now ask for the weight.
      this.transport.write(poll[1]!).catch(() => undefined);
      bytes = bytes.filter((b) => b !== ACLAS_ACK);
    }
    const merged = new Uint8Array(this.buffer.length + bytes.length);
    merged.set(this.buffer);
    merged.set(bytes, this.buffer.length);
    const { frames, rest, skipped } = this.codec.extract(merged);
    this.skippedBytes += skipped;
    // A buffer that never yields a frame is noise; do not let it grow.
    this.buffer = rest.length > 256 ? new Uint8Array(0) : rest;
    for (const f of frames) {
      const r = this.codec.decode(f);
      if (!r.ok) {
        this.badFrames++;
        continue;
      }
      this.latest = { reading: r.value, at: this.now() };
      this.listeners.emit(r.value);
    }
  }

  /** Waits up to `timeoutMs` for a stable, in-range reading. */
  readStable(timeoutMs = 2000): Promise<Result<ScaleReading, ReadWeightError>> {
    const judge = (
      r: ScaleReading | undefined,
    ): Result<ScaleReading, ReadWeightError> | undefined => {
      if (!r) return undefined;
      if (r.overload) return err({ code: 'OVERLOAD', message: 'weight is over the capacity' });
      if (r.underload) return err({ code: 'UNDERLOAD', message: 'weight is below zero range' });
      return r.stable ? ok(r) : undefined;
    };
    const fresh =
      this.latest && this.now() - this.latest.at < 500 ? judge(this.latest.reading) : undefined;
    if (fresh) return Promise.resolve(fresh);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(
          err(
            this.latest
              ? { code: 'UNSTABLE', message: `no stable weight within ${timeoutMs} ms` }
              : { code: 'NO_DATA', message: `the scale sent nothing within ${timeoutMs} ms` },
          ),
        );
      }, timeoutMs);
      const off = this.onReading((r) => {
        const v = judge(r);
        if (v) {
          clearTimeout(timer);
          off();
          resolve(v);
        }
      });
    });
  }

  async tare(): Promise<void> {
    if (!this.caps.remoteTare || !this.codec.tare) {
      throw new DriverError(
        'DEVICE_UNSUPPORTED',
        'this scale cannot be tared from the till; use its key',
      );
    }
    await this.transport.write(this.codec.tare);
  }

  async zero(): Promise<void> {
    if (!this.caps.remoteZero || !this.codec.zero) {
      throw new DriverError(
        'DEVICE_UNSUPPORTED',
        'this scale cannot be zeroed from the till; use its key',
      );
    }
    await this.transport.write(this.codec.zero);
  }
}
