import { silentLogger, type Logger } from '../errors.js';
import { BUILTIN_MODELS, findModel, type DeviceModel } from '../models/index.js';
import { parseDriverHostConfig, type DriverHostConfig } from './config.js';
import { createAdapter } from './device-adapters.js';
import { DeviceMqtt } from './device-mqtt.js';
import { DeviceRuntime } from './device-runtime.js';
import { createTransport, type TransportSeams } from './transport-factory.js';

export interface DriverHostOptions {
  models?: readonly DeviceModel[];
  seams?: TransportSeams;
  logger?: Logger;
  now?: () => number;
}

/**
 * Loads device definitions from configuration, connects each device and bridges it to MQTT.
 * Constructing only validates and assigns; `start` connects, `stop` says goodbye.
 */
export class DriverHost {
  readonly config: DriverHostConfig;
  readonly devices = new Map<string, DeviceRuntime>();
  private readonly logger: Logger;
  private readonly models: readonly DeviceModel[];

  constructor(
    config: unknown,
    private readonly options: DriverHostOptions = {},
  ) {
    this.models = options.models ?? BUILTIN_MODELS;
    this.config = parseDriverHostConfig(config, this.models);
    this.logger = options.logger ?? silentLogger;
  }

  async start(): Promise<void> {
    const now = this.options.now ?? Date.now;
    const classify = {
      ...(this.config.barcodes.scaleLayouts
        ? { scaleLayouts: this.config.barcodes.scaleLayouts }
        : {}),
      ...(this.config.barcodes.paymentRules
        ? { paymentRules: this.config.barcodes.paymentRules }
        : {}),
    };
    for (const d of this.config.devices) {
      if (!d.enabled) continue;
      const model = findModel(d.model, this.models)!;
      const transport = createTransport(d.transport, model, this.options.seams);
      const adapter = createAdapter({
        model,
        transport,
        transportConfig: d.transport,
        classify,
        statusPollMs: this.config.printerStatusSeconds * 1000,
        now,
      });
      const mqtt = new DeviceMqtt(
        { store: this.config.store, kind: model.kind, device: d.id },
        {
          url: this.config.mqtt.url,
          reconnectMs: this.config.mqtt.reconnectMs,
          keepaliveSeconds: this.config.mqtt.keepaliveSeconds,
          ...(d.username !== undefined ? { username: d.username } : {}),
          ...(d.password !== undefined ? { password: d.password } : {}),
        },
        { heartbeatSeconds: this.config.heartbeatSeconds, logger: this.logger, now },
      );
      this.devices.set(
        d.id,
        new DeviceRuntime(d.id, transport, adapter, mqtt, this.config.reconnect, this.logger),
      );
    }
    await Promise.all([...this.devices.values()].map((r) => r.start()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.devices.values()].map((r) => r.stop()));
    this.devices.clear();
  }
}
