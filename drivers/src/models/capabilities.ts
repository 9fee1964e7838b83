import type { DeviceKind } from '@mendian/protocol';
import type { HidPosLayout } from '../scanners/hid-pos.js';

/**
 * A device model is data: which transport it speaks over, which protocol, which code page and
 * what it can do. Drivers read these fields and never test a model name, so a new model is one
 * small file built from the helpers below (the zigbee-herdsman-converters idea).
 */
export type TransportType = 'tcp' | 'serial' | 'usblp' | 'hid';

export interface SerialLine {
  baudRate: number;
  dataBits: 7 | 8;
  parity: 'none' | 'even' | 'odd';
  stopBits: 1 | 2;
}

export interface PrinterCapabilities {
  kind: 'printer';
  protocol: 'escpos';
  /** Characters per line at normal width. */
  cpl: number;
  dotsPerColumn: number;
  encoding: 'gb18030' | 'cp437';
  /** Answers DLE EOT; uni-directional printers (some usblp) cannot report paper or cover. */
  statusBack: boolean;
  drawer: boolean;
  cutter: boolean;
}

export interface ScannerCapabilities {
  kind: 'scanner';
  framing: { suffix: 'cr' | 'lf' | 'crlf' | 'none'; interByteTimeoutMs: number };
  /** The scanner is configured to send AIM symbology ids. */
  aim: boolean;
  hid?: HidPosLayout;
}

export type ScaleProtocol = 'toledo-continuous' | 'cas-22' | 'aclas-os2';

export interface ScaleCapabilities {
  kind: 'scale';
  protocol: ScaleProtocol;
  capacityGrams: number;
  divisionGrams: number;
  /** The scale answers tare/zero commands over the line. */
  remoteTare: boolean;
  remoteZero: boolean;
}

export interface DisplayCapabilities {
  kind: 'display';
  protocol: 'epson-2x20' | 'led8';
  columns: number;
  rows: number;
  encoding: 'gb18030' | 'ascii';
}

export type Capabilities =
  PrinterCapabilities | ScannerCapabilities | ScaleCapabilities | DisplayCapabilities;

export interface DeviceModel<C extends Capabilities = Capabilities> {
  id: string;
  vendor: string;
  name: string;
  kind: C['kind'] & DeviceKind;
  transports: readonly TransportType[];
  serial?: SerialLine;
  capabilities: C;
}

export const serialLine = (
  baudRate = 9600,
  dataBits: 7 | 8 = 8,
  parity: SerialLine['parity'] = 'none',
): SerialLine => ({
  baudRate,
  dataBits,
  parity,
  stopBits: 1,
});

export const escposPrinter = (
  o: Partial<Omit<PrinterCapabilities, 'kind' | 'protocol'>> = {},
): PrinterCapabilities => ({
  kind: 'printer',
  protocol: 'escpos',
  cpl: o.cpl ?? 48,
  dotsPerColumn: o.dotsPerColumn ?? 12,
  encoding: o.encoding ?? 'gb18030',
  statusBack: o.statusBack ?? true,
  drawer: o.drawer ?? true,
  cutter: o.cutter ?? true,
});

export const barcodeScanner = (
  o: Partial<Omit<ScannerCapabilities, 'kind'>> = {},
): ScannerCapabilities => {
  const c: ScannerCapabilities = {
    kind: 'scanner',
    framing: o.framing ?? { suffix: 'cr', interByteTimeoutMs: 50 },
    aim: o.aim ?? true,
  };
  if (o.hid) c.hid = o.hid;
  return c;
};

export const serialScale = (
  protocol: ScaleProtocol,
  o: Partial<Omit<ScaleCapabilities, 'kind' | 'protocol'>> = {},
): ScaleCapabilities => ({
  kind: 'scale',
  protocol,
  capacityGrams: o.capacityGrams ?? 15_000,
  divisionGrams: o.divisionGrams ?? 5,
  remoteTare: o.remoteTare ?? false,
  remoteZero: o.remoteZero ?? false,
});

export const customerDisplay = (
  protocol: DisplayCapabilities['protocol'],
  o: Partial<Omit<DisplayCapabilities, 'kind' | 'protocol'>> = {},
): DisplayCapabilities => ({
  kind: 'display',
  protocol,
  columns: o.columns ?? (protocol === 'led8' ? 8 : 20),
  rows: o.rows ?? (protocol === 'led8' ? 1 : 2),
  encoding: o.encoding ?? 'ascii',
});

export function defineModel<C extends Capabilities>(m: DeviceModel<C>): DeviceModel<C> {
  return Object.freeze(m);
}
