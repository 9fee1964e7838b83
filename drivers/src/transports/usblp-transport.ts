import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { DriverError } from '../errors.js';
import { Listeners, type ByteTransport } from './transport.js';

export interface UsblpOptions {
  /** The kernel's usblp character device, e.g. /dev/usb/lp0. */
  path: string;
  /** Bidirectional printers answer DLE EOT through read(); poll for it this often. */
  readPollMs?: number;
}

/**
 * The Linux `usblp` device file: the kernel already speaks USB printer class, so writing the
 * file prints and reading it returns status bytes on bidirectional printers. No libusb needed.
 */
export class UsblpTransport implements ByteTransport {
  private file: FileHandle | undefined;
  private readonly data = new Listeners<[Uint8Array]>();
  private readonly closed = new Listeners<[Error | undefined]>();
  readonly endpoint: string;

  constructor(private readonly options: UsblpOptions) {
    this.endpoint = `usblp:${options.path}`;
  }

  get isOpen(): boolean {
    return this.file !== undefined;
  }

  async open(): Promise<void> {
    if (this.file) return;
    try {
      // Non-blocking: a blocking read() parks a libuv pool thread until the printer speaks, and
      // close() would then wait for it forever.
      this.file = await open(this.options.path, constants.O_RDWR | constants.O_NONBLOCK);
    } catch (e) {
      throw new DriverError('TRANSPORT_FAILED', `${this.endpoint}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    void this.readLoop(this.file);
  }

  private async readLoop(file: FileHandle): Promise<void> {
    const buf = Buffer.alloc(256);
    while (this.file === file) {
      try {
        const { bytesRead } = await file.read(buf, 0, buf.length, null);
        // Non-blocking: "no data" is EAGAIN, so 0 bytes is end of file, i.e. the device is gone.
        if (bytesRead === 0) {
          await this.lost(file, 'device file reached end (printer unplugged?)');
          return;
        }
        this.data.emit(new Uint8Array(buf.subarray(0, bytesRead)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
          await new Promise((r) => setTimeout(r, this.options.readPollMs ?? 50));
          continue;
        }
        await this.lost(file, (e as Error).message);
        return;
      }
    }
  }

  private async lost(file: FileHandle, reason: string): Promise<void> {
    if (this.file !== file) return;
    this.file = undefined;
    await file.close().catch(() => undefined);
    this.closed.emit(new DriverError('TRANSPORT_CLOSED', `${this.endpoint}: ${reason}`));
  }

  async write(bytes: Uint8Array): Promise<void> {
    const file = this.file;
    if (!file) throw new DriverError('TRANSPORT_CLOSED', `${this.endpoint} is not open`);
    try {
      let off = 0;
      while (off < bytes.length) {
        try {
          const { bytesWritten } = await file.write(bytes, off, bytes.length - off, null);
          off += bytesWritten;
        } catch (e) {
          // The printer's buffer is full: wait for it to drain instead of failing the job.
          if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
          await new Promise((r) => setTimeout(r, 10));
        }
      }
    } catch (e) {
      throw new DriverError('TRANSPORT_FAILED', `${this.endpoint}: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }

  async close(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    if (file) await file.close().catch(() => undefined);
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.data.add(listener);
  }
  onClose(listener: (cause?: Error) => void): () => void {
    return this.closed.add(listener);
  }
}
