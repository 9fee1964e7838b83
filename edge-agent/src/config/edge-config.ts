import { z } from 'zod';
import { documentId, laneCode, parseOrThrow, storeCode } from '@mendian/protocol';

/**
 * The edge-agent's settings: one schema, defaults for everything a demo needs, environment
 * overrides (MENDIAN_*), and a ValidationError naming every bad field.
 */
export const edgeConfigSchema = z.object({
  dataDir: z.string().min(1),
  storeId: documentId,
  storeCode,
  lanes: z.array(laneCode).min(1).default(['01']),
  timeZone: z.string().default('Asia/Shanghai'),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  api: z
    .object({
      host: z.string().default('127.0.0.1'),
      /** 0 = an ephemeral port (tests). */
      port: z.number().int().min(0).max(65535).default(8080),
    })
    .prefault({}),
  cashRounding: z.enum(['none', 'jiao', 'yuan']).default('none'),
  payments: z
    .object({
      pollIntervalMs: z.number().int().min(1).default(2000),
      userPayingTimeoutMs: z.number().int().min(1).default(60_000),
      unreachableHoldMs: z.number().int().min(0).default(10_000),
    })
    .prefault({}),
  printer: z
    .object({ host: z.string(), port: z.number().int().min(1).max(65535).default(9100) })
    .nullable()
    .default(null),
  /** Points earned per yuan paid by members. */
  pointsPerYuan: z.number().int().min(0).default(1),
  synchronous: z.enum(['FULL', 'NORMAL']).default('FULL'),
});
export type EdgeConfig = z.output<typeof edgeConfigSchema>;
export type EdgeConfigInput = z.input<typeof edgeConfigSchema>;

/** Environment overrides: MENDIAN_DATA_DIR, MENDIAN_STORE_ID, MENDIAN_API_PORT, … */
export function loadEdgeConfig(
  input: Partial<EdgeConfigInput>,
  env: Record<string, string | undefined> = process.env,
): EdgeConfig {
  const merged: Record<string, unknown> = { ...input };
  if (env.MENDIAN_DATA_DIR) merged.dataDir = env.MENDIAN_DATA_DIR;
  if (env.MENDIAN_STORE_ID) merged.storeId = env.MENDIAN_STORE_ID;
  if (env.MENDIAN_STORE_CODE) merged.storeCode = env.MENDIAN_STORE_CODE;
  if (env.MENDIAN_API_PORT || env.MENDIAN_API_HOST) {
    merged.api = {
      ...(input.api ?? {}),
      ...(env.MENDIAN_API_HOST ? { host: env.MENDIAN_API_HOST } : {}),
      ...(env.MENDIAN_API_PORT ? { port: Number(env.MENDIAN_API_PORT) } : {}),
    };
  }
  if (env.MENDIAN_CASH_ROUNDING) merged.cashRounding = env.MENDIAN_CASH_ROUNDING;
  return parseOrThrow(edgeConfigSchema, merged, 'edge-agent configuration');
}
