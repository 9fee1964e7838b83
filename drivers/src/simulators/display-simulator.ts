import { Display2x20State } from '../displays/epson-2x20.js';
import { Led8State } from '../displays/led8.js';
import type { DisplayCapabilities } from '../models/capabilities.js';
import type { ByteTransport } from '../transports/transport.js';

/** A pole display on the device end of a transport: decodes what it is sent and shows it. */
export class DisplaySimulator {
  readonly screen: Display2x20State | Led8State;
  readonly errors: string[] = [];
  private offData: (() => void) | undefined;
  private changed: Array<() => void> = [];

  constructor(
    private readonly device: ByteTransport,
    caps: Pick<DisplayCapabilities, 'protocol' | 'columns' | 'encoding'>,
  ) {
    this.screen =
      caps.protocol === 'led8'
        ? new Led8State()
        : new Display2x20State(caps.columns, caps.encoding);
  }

  async start(): Promise<void> {
    await this.device.open();
    this.offData = this.device.onData((b) => {
      const r = this.screen.apply(b);
      if (!r.ok) this.errors.push(r.error.message);
      for (const w of this.changed.splice(0)) w();
    });
  }

  /** What a customer would read. */
  get text(): string[] {
    return this.screen instanceof Led8State
      ? [`${this.screen.mode}:${this.screen.text}`]
      : this.screen.lines;
  }

  async waitFor(predicate: (text: string[]) => boolean, timeoutMs = 3000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.text)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`display shows ${JSON.stringify(this.text)}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.changed.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
    return this.text;
  }

  async stop(): Promise<void> {
    this.offData?.();
    await this.device.close();
  }
}
