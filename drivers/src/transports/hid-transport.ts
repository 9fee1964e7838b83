import { DriverError } from '../errors.js';
import { Listeners, type ByteTransport } from './transport.js';

/** The slice of node-hid's HIDAsync we use; tests inject a device double at this edge. */
export interface HidDeviceLike {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  write(values: number[] | Buffer): Promise<number>;
  close(): Promise<void>;
}
export type HidOpener = (path: string) => Promise<HidDeviceLike>;

export interface HidOptions {
  /** hidraw path from node-hid's devices() list, or `vid:pid` in hex (`0c2e:0b61`). */
  path: string;
  opener?: HidOpener;
}

/** node-hid is loaded lazily: it needs libusb/hidraw at run time, other drivers must not. */
const nodeHidOpener: HidOpener = async (path) => {
  const hid = await import('node-hid');
  const m = /^([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(path);
  return m ? hid.HIDAsync.open(parseInt(m[1]!, 16), parseInt(m[2]!, 16)) : hid.HIDAsync.open(path);
};

/** Each HID input report is delivered as one data chunk (report boundaries matter for HID-POS). */
export class HidTransport implements ByteTransport {
  private device: HidDeviceLike | undefined;
  private readonly data = new Listeners<[Uint8Array]>();
  private readonly closed = new Listeners<[Error | undefined]>();
  readonly endpoint: string;

  constructor(private readonly options: HidOptions) {
    this.endpoint = `hid:${options.path}`;
  }

  get isOpen(): boolean {
    return this.device !== undefined;
  }

  async open(): Promise<void> {
    if (this.device) return;
    let device: HidDeviceLike;
    try {
      device = await (this.options.opener ?? nodeHidOpener)(this.options.path);
    } catch (e) {
      throw new DriverError('TRANSPORT_FAILED', `${this.endpoint}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    device.on('data', (report) => this.data.emit(new Uint8Array(report)));
    device.on('error', (e) => {
      if (this.device !== device) return;
      this.device = undefined;
      void device.close().catch(() => undefined);
      this.closed.emit(new DriverError('TRANSPORT_CLOSED', `${this.endpoint}: ${e.message}`));
    });
    this.device = device;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.device) throw new DriverError('TRANSPORT_CLOSED', `${this.endpoint} is not open`);
    await this.device.write(Buffer.from(bytes));
  }

  async close(): Promise<void> {
    const d = this.device;
    this.device = undefined;
    if (d) await d.close().catch(() => undefined);
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.data.add(listener);
  }
  onClose(listener: (cause?: Error) => void): () => void {
    return this.closed.add(listener);
  }
}

/** What node-hid's `devices()` reports, the fields we use. */
export interface HidDeviceInfo {
  path?: string;
  vendorId: number;
  productId: number;
  usagePage?: number;
  product?: string;
  manufacturer?: string;
}

/**
 * HID-POS scanners among the HID devices: usage page 0x8C (bar code scanner page). Keyboard-wedge
 * scanners (usage page 0x01) are left to the UI's wedge detector.
 */
export function hidPosScanners(devices: readonly HidDeviceInfo[]): HidDeviceInfo[] {
  return devices.filter((d) => d.usagePage === 0x8c && d.path !== undefined);
}

/** Lists the HID-POS scanners attached now (needs node-hid and hidraw access). */
export async function listHidPosScanners(): Promise<HidDeviceInfo[]> {
  const hid = await import('node-hid');
  return hidPosScanners(await hid.devicesAsync());
}
