import {
  printerState,
  ulid,
  type CommandRequest,
  type ScanEvent,
  type WeightEvent,
} from '@mendian/protocol';
import type { ClassifyOptions } from '../barcodes/classify.js';
import { DisplayDriver } from '../displays/display-driver.js';
import { DriverError } from '../errors.js';
import type {
  DeviceModel,
  DisplayCapabilities,
  PrinterCapabilities,
  ScaleCapabilities,
  ScannerCapabilities,
} from '../models/capabilities.js';
import { EscPosPrinter, NO_STATUS, UNREACHABLE } from '../printers/escpos-printer.js';
import { ScaleDriver } from '../scales/scale-driver.js';
import type { ScaleReading } from '../scales/scale-codec.js';
import { ScannerDriver } from '../scanners/scanner-driver.js';
import type { ByteTransport } from '../transports/transport.js';
import type { TransportConfig } from './config.js';
import type { CommandHandler } from './device-mqtt.js';

export type Outcome = Awaited<ReturnType<CommandHandler>>;

/** What the runtime needs from a kind-specific adapter. */
export interface DeviceAdapter {
  /** Stream devices need the transport held open and reopened; printers open on demand. */
  readonly keepOpen: boolean;
  start(publish: (channel: 'event' | 'state', payload: unknown) => void): void;
  stop(): void;
  handle(req: CommandRequest): Promise<Outcome>;
  /** The state to publish after (re)connecting, if the kind has one. */
  state?(online: boolean): Promise<unknown>;
  /**
   * Whether a published state means the device is reachable, for kinds opened on demand. A
   * printer out of paper calls itself "offline" in its status bits, but it is still there.
   */
  reachable?(state: unknown): boolean | undefined;
}

const fail = (code: string, message: string): Outcome => ({ error: { code, message } });

export interface AdapterContext {
  model: DeviceModel;
  transport: ByteTransport;
  transportConfig: TransportConfig;
  classify: Omit<ClassifyOptions, 'laneState'>;
  /** Printers: how often to query status while idle (0 = only on commands). */
  statusPollMs: number;
  now: () => number;
}

function scannerAdapter(ctx: AdapterContext, caps: ScannerCapabilities): DeviceAdapter {
  const source: ScanEvent['source'] =
    ctx.transportConfig.type === 'usblp' ? 'serial' : ctx.transportConfig.type;
  const driver = new ScannerDriver(ctx.transport, caps, {
    source,
    classify: ctx.classify,
    now: ctx.now,
  });
  return {
    keepOpen: true,
    start(publish) {
      driver.onScan((e) => publish('event', e));
      driver.start();
    },
    stop: () => driver.stop(),
    handle(req) {
      if (req.command === 'setEnabled') driver.enabled = req.params.enabled;
      return Promise.resolve({ data: { enabled: driver.enabled, rejected: driver.rejected } });
    },
  };
}

function weightEvent(r: ScaleReading, now: number): WeightEvent {
  return {
    eventId: ulid(),
    at: now,
    grams: Math.max(-1_000_000, Math.min(1_000_000, r.grams)),
    tareGrams: Math.min(1_000_000, r.tareGrams),
    stable: r.stable,
    overload: r.overload,
    underload: r.underload,
    displayUnit: r.displayUnit,
  };
}

function scaleAdapter(ctx: AdapterContext, caps: ScaleCapabilities): DeviceAdapter {
  const driver = new ScaleDriver(ctx.transport, caps, { now: ctx.now });
  let last: ScaleReading | undefined;
  let lastPublishedAt = 0;
  return {
    keepOpen: true,
    start(publish) {
      driver.onReading((r) => {
        // A continuous scale sends ~10 frames a second; publish changes, not frames.
        const changed =
          !last ||
          last.stable !== r.stable ||
          last.overload !== r.overload ||
          Math.abs(last.grams - r.grams) >= caps.divisionGrams ||
          last.tareGrams !== r.tareGrams;
        const now = ctx.now();
        if (changed && (r.stable !== last?.stable || now - lastPublishedAt >= 200)) {
          last = r;
          lastPublishedAt = now;
          publish('event', weightEvent(r, now));
        }
      });
      driver.start();
    },
    stop: () => driver.stop(),
    async handle(req) {
      switch (req.command) {
        case 'readWeight': {
          const r = await driver.readStable(2000);
          return r.ok
            ? { data: weightEvent(r.value, ctx.now()) }
            : fail(r.error.code, r.error.message);
        }
        case 'tare':
          await driver.tare();
          return { data: {} };
        case 'zero':
          await driver.zero();
          return { data: {} };
        default:
          return { data: { lastReading: driver.lastReading ?? null, badFrames: driver.badFrames } };
      }
    },
    state(online) {
      return Promise.resolve({
        at: ctx.now(),
        online,
        zeroed: (driver.lastReading?.grams ?? 0) === 0,
        tareGrams: driver.lastReading?.tareGrams ?? 0,
      });
    },
  };
}

const TEST_RECEIPT = `^^测试页 Test page
Mendian 门店
|中文 Chinese | ￥12.50|
---
{code:TEST-0001; option:code128,2,60,hri}
`;

function printerAdapter(ctx: AdapterContext, caps: PrinterCapabilities): DeviceAdapter {
  const printer = new EscPosPrinter(ctx.transport, caps, { now: ctx.now });
  let publishState: ((p: unknown) => void) | undefined;
  let poll: NodeJS.Timeout | undefined;
  const refresh = async (): Promise<unknown> => {
    const s = await printer.status();
    publishState?.(s);
    return s;
  };
  return {
    keepOpen: false,
    start(publish) {
      publishState = (p) => publish('state', p);
      // A printer is idle most of the day: poll so that paper out or an open cover shows on the
      // manager screen before the next sale tries to print.
      if (ctx.statusPollMs > 0) {
        poll = setInterval(() => void refresh().catch(() => undefined), ctx.statusPollMs);
      }
    },
    stop: () => {
      if (poll) clearInterval(poll);
    },
    async handle(req) {
      switch (req.command) {
        case 'print': {
          const result = await printer.print(req.params);
          void refresh().catch(() => undefined);
          if (result.status === 'printed') return { data: result };
          const code = {
            paperOut: 'PAPER_OUT',
            coverOpen: 'COVER_OPEN',
            offline: 'OFFLINE',
            failed: 'PRINT_FAILED',
          }[result.status];
          return fail(code, `${result.jobId}: ${result.message ?? result.status}`);
        }
        case 'openDrawer':
          await printer.openDrawer(req.params.pin);
          return { data: {} };
        case 'test': {
          const r = await printer.print({
            jobId: ulid(),
            kind: 'test',
            document: TEST_RECEIPT,
            copies: 1,
            openDrawer: false,
            cut: true,
          });
          return r.status === 'printed' ? { data: r } : fail('PRINT_FAILED', r.message ?? r.status);
        }
        default:
          return { data: await refresh() };
      }
    },
    state: () => printer.status(),
    reachable: (state) => {
      const r = printerState.safeParse(state);
      return r.success ? r.data.error !== UNREACHABLE && r.data.error !== NO_STATUS : undefined;
    },
  };
}

function displayAdapter(ctx: AdapterContext, caps: DisplayCapabilities): DeviceAdapter {
  const driver = new DisplayDriver(ctx.transport, caps);
  let publishState: ((p: unknown) => void) | undefined;
  return {
    keepOpen: true,
    start(publish) {
      publishState = (p) => publish('state', p);
    },
    stop: () => undefined,
    async handle(req) {
      if (req.command === 'display') {
        const lines = await driver.show(req.params);
        publishState?.({ at: ctx.now(), lines });
        return { data: { lines } };
      }
      if (req.command === 'test') {
        const lines = await driver.show(
          caps.protocol === 'led8'
            ? { amount: 88888888, mode: 'total' }
            : { lines: ['Mendian 门店', '0123456789'] },
        );
        return { data: { lines } };
      }
      return { data: { lines: driver.lines } };
    },
    state: () => Promise.resolve({ at: ctx.now(), lines: driver.lines }),
  };
}

export function createAdapter(ctx: AdapterContext): DeviceAdapter {
  const caps = ctx.model.capabilities;
  switch (caps.kind) {
    case 'scanner':
      return scannerAdapter(ctx, caps);
    case 'scale':
      return scaleAdapter(ctx, caps);
    case 'printer':
      return printerAdapter(ctx, caps);
    case 'display':
      return displayAdapter(ctx, caps);
    default:
      throw new DriverError(
        'DEVICE_UNSUPPORTED',
        `no adapter for ${(caps as { kind: string }).kind}`,
      );
  }
}
