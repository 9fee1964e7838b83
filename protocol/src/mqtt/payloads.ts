import { z } from 'zod';
import { documentId, epochMs, nonNegativeFen } from '../schemas/common.js';
import type { Channel, DeviceKind } from './topics.js';

/** Payloads of every device message. Each is validated where it enters a process. */

const eventId = documentId;

export const SYMBOLOGIES = [
  'ean13',
  'ean8',
  'upca',
  'upce',
  'code128',
  'gs1-128',
  'code39',
  'itf',
  'gs1-databar',
  'qr',
  'datamatrix',
  'gs1-datamatrix',
  'pdf417',
  'unknown',
] as const;
export const symbology = z.enum(SYMBOLOGIES);
export type Symbology = z.infer<typeof symbology>;

/** What the driver understood a code to be; lane-state-dependent classification is the lane's. */
export const parsedCode = z
  .object({
    kind: z.enum(['gtin', 'gs1', 'scaleCode', 'paymentCode', 'memberCode', 'receipt', 'text']),
  })
  .loose();

export const scanEvent = z.object({
  eventId,
  at: epochMs,
  /** The decoded text without prefix/suffix (and with GS shown as \u001d). */
  data: z.string().min(1).max(4096),
  /** The bytes as received, hex, for diagnosis of prefix/suffix/AIM problems. */
  rawHex: z
    .string()
    .regex(/^([0-9a-f]{2})*$/)
    .max(8192),
  symbology,
  /** AIM symbology identifier as sent by the scanner (e.g. "]E0", "]C1"), when present. */
  aimId: z
    .string()
    .regex(/^\][A-Za-z][0-9A-Za-z]$/)
    .optional(),
  source: z.enum(['serial', 'hid', 'tcp', 'wedge', 'simulator']),
  parsed: parsedCode.optional(),
});
export type ScanEvent = z.infer<typeof scanEvent>;

export const weightUnit = z.enum(['kg', 'jin', 'g', 'lb']);

export const weightEvent = z.object({
  eventId,
  at: epochMs,
  /** Net weight in grams (negative below zero after tare). */
  grams: z.number().int().min(-1_000_000).max(1_000_000),
  tareGrams: z.number().int().min(0).max(1_000_000),
  stable: z.boolean(),
  overload: z.boolean(),
  underload: z.boolean(),
  /** The unit the scale displays, for the customer-facing echo. */
  displayUnit: weightUnit,
});
export type WeightEvent = z.infer<typeof weightEvent>;

/** A device seen by a Wi-Fi presence sensor. The MAC never leaves the sensor unhashed. */
export const sighting = z.object({
  /** Hex SHA-256 (or truncated) of the MAC with the store's salt of the day. */
  macHash: z.string().regex(/^[0-9a-f]{16,64}$/),
  rssi: z.number().int().min(-127).max(0),
  at: epochMs,
  /** Randomised (locally administered) MACs are flagged so they can be weighted differently. */
  randomized: z.boolean().default(false),
});

export const presenceEvent = z.object({
  eventId,
  at: epochMs,
  /** Salt generation the sensor used (the UTC day, yyyy-mm-dd). */
  saltDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  sightings: z.array(sighting).min(1).max(500),
});
export type PresenceEvent = z.infer<typeof presenceEvent>;

export const shelfEvent = z.object({
  eventId,
  at: epochMs,
  readings: z
    .array(
      z.object({
        slot: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
        grams: z.number().int().min(-100_000).max(1_000_000),
        stable: z.boolean(),
      }),
    )
    .min(1)
    .max(64),
});
export type ShelfEvent = z.infer<typeof shelfEvent>;

export const drawerEvent = z.object({
  eventId,
  at: epochMs,
  open: z.boolean(),
});

export const printerState = z.object({
  at: epochMs,
  online: z.boolean(),
  paper: z.enum(['ok', 'low', 'out']),
  coverOpen: z.boolean(),
  drawerOpen: z.boolean().optional(),
  error: z.string().max(200).nullable(),
});
export type PrinterState = z.infer<typeof printerState>;

export const scaleState = z.object({
  at: epochMs,
  online: z.boolean(),
  zeroed: z.boolean(),
  tareGrams: z.number().int().min(0),
});

export const drawerState = z.object({ at: epochMs, open: z.boolean() });

export const displayState = z.object({
  at: epochMs,
  lines: z.array(z.string().max(40)).max(4),
});

export const genericState = z.object({ at: epochMs, online: z.boolean() }).loose();

export const availability = z.object({
  status: z.enum(['online', 'offline']),
  at: epochMs,
  /** Why offline: 'lastWill' when the broker published it for a lost connection. */
  reason: z.string().max(60).optional(),
});
export type Availability = z.infer<typeof availability>;

export const heartbeat = z.object({
  at: epochMs,
  seq: z.number().int().min(0),
  uptimeSeconds: z.number().int().min(0),
  /** How often the device promises a heartbeat; silence past 3× this marks it offline. */
  intervalSeconds: z.number().int().min(1).max(3600),
  firmware: z.string().max(40).optional(),
  rssi: z.number().int().min(-127).max(0).optional(),
  queueDepth: z.number().int().min(0).optional(),
});
export type Heartbeat = z.infer<typeof heartbeat>;

/** A print job: receiptline markdown (rendered by the driver) or pre-rendered ESC/POS bytes. */
export const printJob = z
  .object({
    jobId: documentId,
    kind: z.enum(['receipt', 'report', 'test', 'label']),
    /** receiptline document text. */
    document: z.string().max(200_000).optional(),
    /** Pre-rendered ESC/POS, base64. */
    bytesBase64: z.string().max(1_000_000).optional(),
    copies: z.number().int().min(1).max(5).default(1),
    openDrawer: z.boolean().default(false),
    cut: z.boolean().default(true),
  })
  .refine((j) => (j.document === undefined) !== (j.bytesBase64 === undefined), {
    message: 'exactly one of document or bytesBase64 is required',
    path: ['document'],
  });
export type PrintJob = z.infer<typeof printJob>;

export const printJobResult = z.object({
  jobId: documentId,
  status: z.enum(['printed', 'paperOut', 'coverOpen', 'offline', 'failed']),
  at: epochMs,
  message: z.string().max(200).optional(),
});
export type PrintJobResult = z.infer<typeof printJobResult>;

/** Commands a device kind accepts, and the params of each. */
export const deviceCommand = z.discriminatedUnion('command', [
  z.object({ command: z.literal('print'), params: printJob }),
  z.object({ command: z.literal('status'), params: z.object({}).strict() }),
  z.object({ command: z.literal('test'), params: z.object({}).strict() }),
  z.object({
    command: z.literal('openDrawer'),
    params: z.object({ pin: z.union([z.literal(2), z.literal(5)]).default(2) }),
  }),
  z.object({
    command: z.literal('display'),
    params: z.union([
      z.object({ lines: z.array(z.string().max(40)).min(1).max(2) }),
      z.object({
        amount: nonNegativeFen,
        mode: z.enum(['price', 'total', 'collect', 'change']),
      }),
    ]),
  }),
  z.object({ command: z.literal('tare'), params: z.object({}).strict() }),
  z.object({ command: z.literal('zero'), params: z.object({}).strict() }),
  z.object({ command: z.literal('readWeight'), params: z.object({}).strict() }),
  z.object({ command: z.literal('setEnabled'), params: z.object({ enabled: z.boolean() }) }),
]);
export type DeviceCommand = z.infer<typeof deviceCommand>;
export type DeviceCommandName = DeviceCommand['command'];

export const COMMANDS_BY_KIND: Readonly<Record<DeviceKind, readonly DeviceCommandName[]>> = {
  scanner: ['status', 'test', 'setEnabled'],
  printer: ['print', 'status', 'test', 'openDrawer'],
  scale: ['status', 'test', 'tare', 'zero', 'readWeight'],
  display: ['status', 'test', 'display'],
  drawer: ['status', 'test', 'openDrawer'],
  presence: ['status', 'test', 'setEnabled'],
  shelf: ['status', 'test', 'tare'],
  lane: ['status'],
};

/** The request envelope on a device's `cmd` topic. */
export const commandRequest = z.intersection(
  z.object({
    /** Echoed in the reply; a retried request reuses it, so a device can drop the duplicate. */
    transaction: z.string().min(1).max(64),
    sentAt: epochMs,
    /** The requester stops waiting at this time; a device may skip a request already late. */
    deadline: epochMs,
  }),
  deviceCommand,
);
export type CommandRequest = z.infer<typeof commandRequest>;

export const replyError = z.object({
  code: z.string().min(1).max(60),
  message: z.string().max(500),
});

/** The response envelope on a device's `reply` topic. */
export const commandReply = z
  .object({
    transaction: z.string().min(1).max(64),
    status: z.enum(['ok', 'error']),
    data: z.unknown().optional(),
    error: replyError.optional(),
    at: epochMs,
  })
  .refine((r) => (r.status === 'error') === (r.error !== undefined), {
    message: 'error is required exactly when status is "error"',
    path: ['error'],
  });
export type CommandReply = z.infer<typeof commandReply>;

/** What the broker tells a device on its `error` topic when it refuses a message. */
export const deviceError = z.object({
  at: epochMs,
  code: z.enum([
    'MALFORMED_JSON',
    'SCHEMA_VIOLATION',
    'PAYLOAD_TOO_LARGE',
    'RATE_LIMITED',
    'FORBIDDEN_TOPIC',
    'UNKNOWN_CHANNEL',
  ]),
  message: z.string().max(1000),
  topic: z.string().max(256),
  issues: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .max(20)
    .optional(),
});
export type DeviceError = z.infer<typeof deviceError>;

const EVENT_BY_KIND: Partial<Record<DeviceKind, z.ZodType>> = {
  scanner: scanEvent,
  scale: weightEvent,
  presence: presenceEvent,
  shelf: shelfEvent,
  drawer: drawerEvent,
};
const STATE_BY_KIND: Partial<Record<DeviceKind, z.ZodType>> = {
  printer: printerState,
  scale: scaleState,
  drawer: drawerState,
  display: displayState,
};

/**
 * The schema a message on (kind, channel) must match, or null when that kind never sends on that
 * channel (e.g. a printer has no `event`): such a message is refused as UNKNOWN_CHANNEL.
 */
export function payloadSchemaFor(kind: DeviceKind, channel: Channel): z.ZodType | null {
  switch (channel) {
    case 'event':
      return EVENT_BY_KIND[kind] ?? null;
    case 'state':
      return STATE_BY_KIND[kind] ?? genericState;
    case 'availability':
      return availability;
    case 'heartbeat':
      return heartbeat;
    case 'cmd':
      return commandRequest;
    case 'reply':
      return commandReply;
    case 'error':
      return deviceError;
  }
}
