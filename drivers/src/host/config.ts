import { issuesOf, ValidationError } from '@mendian/protocol';
import { z } from 'zod';
import { scaleLayoutSchema } from '../barcodes/scale-code.js';
import { paymentRuleSchema } from '../barcodes/payment-code.js';
import { BUILTIN_MODELS, findModel, type DeviceModel } from '../models/index.js';

const transportConfig = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('tcp'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    connectTimeoutMs: z.number().int().min(100).max(60_000).default(3000),
  }),
  z.object({
    type: z.literal('serial'),
    path: z.string().min(1),
    /** Overrides the model's line settings. */
    baudRate: z.number().int().min(300).max(921_600).optional(),
  }),
  z.object({ type: z.literal('usblp'), path: z.string().min(1) }),
  z.object({ type: z.literal('hid'), path: z.string().min(1) }),
]);
export type TransportConfig = z.output<typeof transportConfig>;

const deviceConfig = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'device id: 1-64 of A-Z a-z 0-9 _ -'),
  model: z.string().min(1),
  transport: transportConfig,
  /** Per-device MQTT credentials (the broker's ACL keeps the device inside its topics). */
  username: z.string().optional(),
  password: z.string().optional(),
  enabled: z.boolean().default(true),
});
export type DeviceConfig = z.output<typeof deviceConfig>;

export const driverHostConfigSchema = z.object({
  store: z.string().regex(/^[A-Z0-9]{2,8}$/, 'store code: 2-8 of A-Z 0-9'),
  mqtt: z.object({
    url: z.string().regex(/^(mqtts?|wss?|tcp):\/\//, 'MQTT url: mqtt://host:port'),
    reconnectMs: z.number().int().min(100).max(60_000).default(1000),
    keepaliveSeconds: z.number().int().min(5).max(600).default(30),
  }),
  heartbeatSeconds: z.number().int().min(1).max(3600).default(30),
  /** Idle printers are asked for their status this often (0: only when commanded). */
  printerStatusSeconds: z.number().int().min(0).max(3600).default(15),
  /** Device reconnect backoff. */
  reconnect: z
    .object({
      minMs: z.number().int().min(50).default(500),
      maxMs: z.number().int().min(100).default(30_000),
    })
    .default({ minMs: 500, maxMs: 30_000 }),
  barcodes: z
    .object({
      scaleLayouts: z.array(scaleLayoutSchema).optional(),
      paymentRules: z.array(paymentRuleSchema).optional(),
    })
    .default({}),
  devices: z.array(deviceConfig).max(64),
});
export type DriverHostConfig = z.output<typeof driverHostConfigSchema>;

/**
 * Parses and checks a host configuration, reporting every problem at once: schema errors, unknown
 * models, transports a model does not speak, duplicate ids.
 */
export function parseDriverHostConfig(
  input: unknown,
  models: readonly DeviceModel[] = BUILTIN_MODELS,
): DriverHostConfig {
  const r = driverHostConfigSchema.safeParse(input);
  if (!r.success) throw new ValidationError('driver host config', issuesOf(r.error));
  const issues: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  r.data.devices.forEach((d, i) => {
    const model = findModel(d.model, models);
    if (!model) {
      issues.push({
        path: `devices[${i}].model`,
        message: `unknown model "${d.model}" (known: ${models.map((m) => m.id).join(', ')})`,
      });
    } else if (!model.transports.includes(d.transport.type)) {
      issues.push({
        path: `devices[${i}].transport.type`,
        message: `${model.id} speaks ${model.transports.join('/')}, not ${d.transport.type}`,
      });
    }
    if (seen.has(d.id))
      issues.push({ path: `devices[${i}].id`, message: `duplicate device id "${d.id}"` });
    seen.add(d.id);
  });
  if (issues.length > 0) throw new ValidationError('driver host config', issues);
  return r.data;
}
