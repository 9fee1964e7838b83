import type { DeviceModel } from '../models/capabilities.js';
import { HidTransport, type HidOpener } from '../transports/hid-transport.js';
import { SerialTransport, type SerialBinding } from '../transports/serial-transport.js';
import { TcpTransport } from '../transports/tcp-transport.js';
import type { ByteTransport } from '../transports/transport.js';
import { UsblpTransport } from '../transports/usblp-transport.js';
import type { TransportConfig } from './config.js';

/** Seams for tests and for platforms: the serial binding and the HID opener. */
export interface TransportSeams {
  serialBinding?: SerialBinding;
  hidOpener?: HidOpener;
}

export function createTransport(
  config: TransportConfig,
  model: DeviceModel,
  seams: TransportSeams = {},
): ByteTransport {
  switch (config.type) {
    case 'tcp':
      return new TcpTransport({
        host: config.host,
        port: config.port,
        connectTimeoutMs: config.connectTimeoutMs,
      });
    case 'serial': {
      const line = model.serial ?? {
        baudRate: 9600,
        dataBits: 8 as const,
        parity: 'none' as const,
        stopBits: 1 as const,
      };
      const o: ConstructorParameters<typeof SerialTransport>[0] = {
        path: config.path,
        baudRate: config.baudRate ?? line.baudRate,
        dataBits: line.dataBits,
        parity: line.parity,
        stopBits: line.stopBits,
      };
      if (seams.serialBinding) o.binding = seams.serialBinding;
      return new SerialTransport(o);
    }
    case 'usblp':
      return new UsblpTransport({ path: config.path });
    case 'hid':
      return new HidTransport(
        seams.hidOpener ? { path: config.path, opener: seams.hidOpener } : { path: config.path },
      );
  }
}
