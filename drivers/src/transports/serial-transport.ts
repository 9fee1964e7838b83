import { SerialPortStream } from '@serialport/stream';
import { SerialPort } from 'serialport';
import { DriverError } from '../errors.js';
import { Listeners, type ByteTransport } from './transport.js';

/** The binding seam of serialport: the platform's, or `SerialPortMock.binding` in tests. */
export type SerialBinding = ConstructorParameters<typeof SerialPortStream>[0]['binding'];

export interface SerialOptions {
  path: string;
  baudRate: number;
  dataBits?: 7 | 8;
  parity?: 'none' | 'even' | 'odd';
  stopBits?: 1 | 2;
  /** Injected for tests: `SerialPortMock.binding`. Defaults to the platform binding. */
  binding?: SerialBinding;
}

export class SerialTransport implements ByteTransport {
  private port: SerialPortStream | undefined;
  private readonly data = new Listeners<[Uint8Array]>();
  private readonly closed = new Listeners<[Error | undefined]>();
  readonly endpoint: string;

  constructor(private readonly options: SerialOptions) {
    this.endpoint = `serial:${options.path}@${options.baudRate}`;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  /** The open serialport stream, for diagnostics and MockBinding tests. */
  get openPort(): SerialPortStream | undefined {
    return this.port;
  }

  open(): Promise<void> {
    if (this.isOpen) return Promise.resolve();
    const binding = this.options.binding ?? SerialPort.binding;
    return new Promise((resolve, reject) => {
      const port = new SerialPortStream({
        binding,
        path: this.options.path,
        baudRate: this.options.baudRate,
        dataBits: this.options.dataBits ?? 8,
        parity: this.options.parity ?? 'none',
        stopBits: this.options.stopBits ?? 1,
        autoOpen: false,
      });
      port.open((e) => {
        if (e) {
          reject(
            new DriverError('TRANSPORT_FAILED', `${this.endpoint}: ${e.message}`, { cause: e }),
          );
          return;
        }
        let lastError: Error | undefined;
        port.on('error', (er: Error) => {
          lastError = er;
        });
        port.on('data', (b: Buffer) => this.data.emit(new Uint8Array(b)));
        port.once('close', (er?: Error | null) => {
          if (this.port === port) this.port = undefined;
          this.closed.emit(
            er ?? lastError ?? new DriverError('TRANSPORT_CLOSED', `${this.endpoint} closed`),
          );
        });
        this.port = port;
        resolve();
      });
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) {
      return Promise.reject(new DriverError('TRANSPORT_CLOSED', `${this.endpoint} is not open`));
    }
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(bytes), (e) => {
        if (e)
          reject(
            new DriverError('TRANSPORT_FAILED', `${this.endpoint}: ${e.message}`, { cause: e }),
          );
        else port.drain(() => resolve());
      });
    });
  }

  close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (!port?.isOpen) return Promise.resolve();
    return new Promise((resolve) => port.close(() => resolve()));
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.data.add(listener);
  }
  onClose(listener: (cause?: Error) => void): () => void {
    return this.closed.add(listener);
  }
}
