import type { MqttSettings } from '../host/device-mqtt.js';
import { SerialTransport } from '../transports/serial-transport.js';
import { DisplaySimulator } from './display-simulator.js';
import { PresenceSensorSimulator } from './presence-simulator.js';
import { PrinterSimulator } from './printer-simulator.js';
import { createPtyPair, type PtyPair } from './pty-pair.js';
import { ScaleSimulator } from './scale-simulator.js';
import { TcpScannerSimulator } from './scanner-simulator.js';
import { ShelfSimulator } from './shelf-simulator.js';

export interface SimulatedStoreOptions {
  store: string;
  mqtt: MqttSettings;
  /** Seconds between presence reports / shelf readings; 0 = only on `tick()`. */
  presenceIntervalMs?: number;
  shelfIntervalMs?: number;
  seed?: number;
}

/** Everything a demo or an integration test needs: devices plus the host config that drives them. */
export interface SimulatedStore {
  printer: PrinterSimulator;
  scanner: TcpScannerSimulator;
  scale: ScaleSimulator;
  display: DisplaySimulator;
  presence: PresenceSensorSimulator;
  shelf: ShelfSimulator;
  /** A DriverHost configuration for the lane devices (printer, scanner, scale, display). */
  hostConfig: {
    store: string;
    mqtt: { url: string };
    heartbeatSeconds: number;
    devices: Array<{ id: string; model: string; transport: Record<string, unknown> }>;
  };
  stop(): Promise<void>;
}

/**
 * Starts one simulated lane (receipt printer on TCP, network scanner, Toledo scale and LED
 * display on pty pairs) and the store's MQTT-native devices (Wi-Fi presence sensor, weight
 * shelf). Needs Debian's socat for the pty pairs.
 */
export async function startSimulatedStore(options: SimulatedStoreOptions): Promise<SimulatedStore> {
  const ptys: PtyPair[] = [];
  const printer = await PrinterSimulator.start();
  const scanner = await TcpScannerSimulator.start();
  const scalePty = await createPtyPair();
  ptys.push(scalePty);
  const scale = new ScaleSimulator(
    new SerialTransport({ path: scalePty.devicePath, baudRate: 9600 }),
    {
      protocol: 'toledo-continuous',
      seed: options.seed ?? 1,
    },
  );
  await scale.start();
  const displayPty = await createPtyPair();
  ptys.push(displayPty);
  const display = new DisplaySimulator(
    new SerialTransport({ path: displayPty.devicePath, baudRate: 2400 }),
    {
      protocol: 'led8',
      columns: 8,
      encoding: 'ascii',
    },
  );
  await display.start();
  const presence = new PresenceSensorSimulator({
    mqtt: options.mqtt,
    store: options.store,
    device: 'wifi-1',
    salt: `${options.store}-salt`,
    seed: options.seed ?? 1,
  });
  const shelf = new ShelfSimulator({
    mqtt: options.mqtt,
    store: options.store,
    device: 'shelf-1',
    slots: { A1: 2400, A2: 1800, B1: 550 },
    seed: options.seed ?? 1,
  });
  if (options.presenceIntervalMs) await presence.start(options.presenceIntervalMs);
  else await presence.mqtt.start();
  if (options.shelfIntervalMs) await shelf.start(options.shelfIntervalMs);
  else await shelf.mqtt.start();
  return {
    printer,
    scanner,
    scale,
    display,
    presence,
    shelf,
    hostConfig: {
      store: options.store,
      mqtt: { url: options.mqtt.url },
      heartbeatSeconds: 30,
      devices: [
        {
          id: 'printer-1',
          model: 'epson-tm-t82iii',
          transport: { type: 'tcp', host: printer.host, port: printer.port },
        },
        {
          id: 'scanner-1',
          model: 'generic-tcp-scanner',
          transport: { type: 'tcp', host: '127.0.0.1', port: scanner.port },
        },
        {
          id: 'scale-1',
          model: 'mettler-toledo-8217',
          transport: { type: 'serial', path: scalePty.hostPath },
        },
        {
          id: 'display-1',
          model: 'led8-price-display',
          transport: { type: 'serial', path: displayPty.hostPath },
        },
      ],
    },
    async stop() {
      await presence.stop();
      await shelf.stop();
      await display.stop();
      await scale.stop();
      await scanner.stop();
      await printer.close();
      for (const p of ptys) await p.close();
    },
  };
}
