import { Socket } from 'node:net';
import { DriverError } from '../errors.js';
import { Listeners, type ByteTransport } from './transport.js';

export interface TcpOptions {
  host: string;
  port: number;
  /** A printer that is off does not refuse, it just never answers: bound the wait. */
  connectTimeoutMs?: number;
  writeTimeoutMs?: number;
}

export class TcpTransport implements ByteTransport {
  private socket: Socket | undefined;
  private readonly data = new Listeners<[Uint8Array]>();
  private readonly closed = new Listeners<[Error | undefined]>();
  readonly endpoint: string;

  constructor(private readonly options: TcpOptions) {
    this.endpoint = `tcp://${options.host}:${options.port}`;
  }

  get isOpen(): boolean {
    return this.socket !== undefined && !this.socket.destroyed;
  }

  open(): Promise<void> {
    if (this.isOpen) return Promise.resolve();
    const timeout = this.options.connectTimeoutMs ?? 3000;
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new DriverError(
            'TRANSPORT_TIMEOUT',
            `${this.endpoint}: no connection within ${timeout} ms`,
          ),
        );
      }, timeout);
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(new DriverError('TRANSPORT_FAILED', `${this.endpoint}: ${e.message}`, { cause: e }));
      });
      socket.connect(this.options.port, this.options.host, () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.setNoDelay(true);
        socket.setKeepAlive(true, 5000);
        let lastError: Error | undefined;
        socket.on('error', (e) => {
          lastError = e;
        });
        socket.on('data', (b: Buffer) => this.data.emit(new Uint8Array(b)));
        socket.once('close', () => {
          if (this.socket === socket) this.socket = undefined;
          this.closed.emit(
            lastError ?? new DriverError('TRANSPORT_CLOSED', `${this.endpoint} closed`),
          );
        });
        this.socket = socket;
        resolve();
      });
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.destroyed) {
      return Promise.reject(new DriverError('TRANSPORT_CLOSED', `${this.endpoint} is not open`));
    }
    const timeout = this.options.writeTimeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new DriverError(
            'TRANSPORT_TIMEOUT',
            `${this.endpoint}: write not drained in ${timeout} ms`,
          ),
        );
      }, timeout);
      socket.write(bytes, (e) => {
        clearTimeout(timer);
        if (e)
          reject(
            new DriverError('TRANSPORT_FAILED', `${this.endpoint}: ${e.message}`, { cause: e }),
          );
        else resolve();
      });
    });
  }

  close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket || socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => socket.destroy(), 500).unref();
    });
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.data.add(listener);
  }
  onClose(listener: (cause?: Error) => void): () => void {
    return this.closed.add(listener);
  }
}
