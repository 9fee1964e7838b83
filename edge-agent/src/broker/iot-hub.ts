import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AvailabilityMonitor } from '../devices/availability-monitor.js';
import { DeviceCommander } from '../devices/device-commander.js';
import { DeviceRegistry } from '../devices/device-registry.js';
import type { ScryptCost } from '../devices/secret-hash.js';
import type { StoreBrokerConfig } from './broker-config.js';
import { DurableIngest } from './durable-ingest.js';
import { EventBus } from './event-bus.js';
import type { IotEvents } from './iot-events.js';
import type { Logger } from './logger.js';
import { StoreBroker } from './store-broker.js';

export interface IotHubOptions {
  config: StoreBrokerConfig;
  logger: Logger;
  now?: () => number;
  scryptCost?: ScryptCost;
  /** Heartbeat silence check period (tests shorten it). */
  sweepEveryMs?: number;
  /** Fault injection for crash tests: every ingest commit takes this much longer. */
  ingestCommitDelayMs?: number;
}

/**
 * Wires the IoT parts of the edge-agent: one SQLite file (iot.sqlite: registry and ingested
 * events), the broker, availability and commands. Presence and shelves subscribe to `bus`.
 */
export class IotHub {
  #db: Database.Database | null = null;
  #ingestDb: Database.Database | null = null;
  #parts: {
    registry: DeviceRegistry;
    ingest: DurableIngest;
    broker: StoreBroker;
    monitor: AvailabilityMonitor;
    commander: DeviceCommander;
  } | null = null;
  readonly bus: EventBus<IotEvents>;

  constructor(private readonly options: IotHubOptions) {
    this.bus = new EventBus<IotEvents>(options.logger);
  }

  #require(): NonNullable<IotHub['parts']> {
    if (!this.#parts) throw new Error('IotHub is not started');
    return this.#parts;
  }

  get parts(): {
    registry: DeviceRegistry;
    ingest: DurableIngest;
    broker: StoreBroker;
    monitor: AvailabilityMonitor;
    commander: DeviceCommander;
  } | null {
    return this.#parts;
  }

  get registry(): DeviceRegistry {
    return this.#require().registry;
  }
  get ingest(): DurableIngest {
    return this.#require().ingest;
  }
  get broker(): StoreBroker {
    return this.#require().broker;
  }
  get monitor(): AvailabilityMonitor {
    return this.#require().monitor;
  }
  get commander(): DeviceCommander {
    return this.#require().commander;
  }

  async start(): Promise<void> {
    const { config, logger } = this.options;
    mkdirSync(config.dataDir, { recursive: true });
    const file = join(config.dataDir, 'iot.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    // Registry bookkeeping (connectivity, last seen) is rewritten by the next heartbeat, so this
    // connection does not fsync each update; it survives a process crash, not a power cut.
    // Ingested events get their own connection with synchronous=FULL (set by DurableIngest).
    db.pragma('synchronous = NORMAL');
    const ingestDb = new Database(file);
    this.#ingestDb = ingestDb;
    this.#db = db;
    const now = this.options.now;
    const registry = new DeviceRegistry({
      db,
      store: config.store,
      brokerUrl: `mqtt://${config.host}:${config.tcpPort}`,
      ...(this.options.scryptCost ? { scryptCost: this.options.scryptCost } : {}),
      ...(now ? { now } : {}),
    });
    const ingest = new DurableIngest(ingestDb, this.options.ingestCommitDelayMs ?? 0);
    ingest.start();
    registry.start();
    const broker = new StoreBroker({
      config,
      registry,
      ingest,
      bus: this.bus,
      logger,
      ...(now ? { now } : {}),
    });
    const monitor = new AvailabilityMonitor({
      bus: this.bus,
      registry,
      ...(now ? { now } : {}),
      ...(this.options.sweepEveryMs ? { sweepEveryMs: this.options.sweepEveryMs } : {}),
    });
    const commander = new DeviceCommander({
      store: config.store,
      bus: this.bus,
      publisher: broker,
      ...(now ? { now } : {}),
    });
    monitor.start();
    commander.start();
    await broker.start();
    this.#parts = { registry, ingest, broker, monitor, commander };
  }

  async stop(): Promise<void> {
    const p = this.#parts;
    this.#parts = null;
    if (p) {
      p.commander.stop();
      p.monitor.stop();
      await p.broker.stop();
      p.ingest.flushNow();
    }
    this.#ingestDb?.close();
    this.#ingestDb = null;
    this.#db?.close();
    this.#db = null;
  }
}
