/**
 * One interface for every byte pipe to a device (TCP, serial, usblp file, HID). Drivers depend
 * on this only, so tests swap in a TCP listener, a pty or serialport's MockBinding at this seam.
 */
export interface ByteTransport {
  /** Human-readable endpoint for logs: `tcp://10.0.0.5:9100`, `serial:/dev/ttyUSB0`. */
  readonly endpoint: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Returns an unsubscribe function. */
  onData(listener: (bytes: Uint8Array) => void): () => void;
  /** Called once when the pipe closes by itself (cable pulled, peer closed), with the cause. */
  onClose(listener: (cause?: Error) => void): () => void;
}

/**
 * Small listener set shared by transports and drivers. A listener that throws is reported to
 * `onError` and the others still run: a bug in one consumer must not take the serial port's or
 * socket's event loop (and with it the process) down.
 */
export class Listeners<A extends unknown[]> {
  private readonly set = new Set<(...args: A) => void>();
  failures = 0;
  constructor(private readonly onError: (error: unknown) => void = () => undefined) {}
  add(fn: (...args: A) => void): () => void {
    this.set.add(fn);
    return () => this.set.delete(fn);
  }
  emit(...args: A): void {
    for (const fn of [...this.set]) {
      try {
        fn(...args);
      } catch (e) {
        this.failures++;
        this.onError(e);
      }
    }
  }
}

/** Collects bytes from a transport until `predicate` says a reply is complete, or times out. */
export function readReply(
  transport: ByteTransport,
  predicate: (bytes: Uint8Array) => boolean,
  timeoutMs: number,
): Promise<Uint8Array | undefined> {
  return new Promise((resolve) => {
    let acc = new Uint8Array(0);
    const done = (value: Uint8Array | undefined): void => {
      clearTimeout(timer);
      off();
      offClose();
      resolve(value);
    };
    const off = transport.onData((bytes) => {
      const next = new Uint8Array(acc.length + bytes.length);
      next.set(acc);
      next.set(bytes, acc.length);
      acc = next;
      if (predicate(acc)) done(acc);
    });
    const offClose = transport.onClose(() => done(undefined));
    const timer = setTimeout(() => done(undefined), timeoutMs);
  });
}
