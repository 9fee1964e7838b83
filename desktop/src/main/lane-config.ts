import { z } from 'zod';
import { laneCode, issuesOf, ValidationError, type FieldIssue } from '@mendian/protocol';

/**
 * The lane app's configuration: one schema with defaults, a JSON file in the data directory, and
 * MENDIAN_* environment overrides on top. Every problem is reported at once, by field.
 */
export const laneConfigSchema = z
  .object({
    laneCode: laneCode.default('01'),
    /** Where the edge-agent runs: a URL on the store LAN, or 'embedded' for a one-PC store. */
    edgeAgent: z
      .discriminatedUnion('mode', [
        z.object({ mode: z.literal('remote'), url: z.url({ protocol: /^https?$/ }) }),
        z.object({
          mode: z.literal('embedded'),
          dataDir: z.string().min(1),
          port: z.number().int().min(0).max(65535).default(8480),
        }),
      ])
      .default({ mode: 'remote', url: 'http://127.0.0.1:8480' }),
    window: z
      .object({
        kiosk: z.boolean().default(true),
        width: z.number().int().min(800).max(7680).default(1366),
        height: z.number().int().min(600).max(4320).default(768),
        /** Which display to open on (customer display lanes have two). */
        displayIndex: z.number().int().min(0).max(7).default(0),
      })
      .default({ kiosk: true, width: 1366, height: 768, displayIndex: 0 }),
    startAtLogin: z.boolean().default(false),
    restart: z
      .object({
        initialDelayMs: z.number().int().min(0).max(60_000).default(1000),
        maxDelayMs: z.number().int().min(1000).max(600_000).default(60_000),
        /** A renderer that ran this long without crashing resets the backoff. */
        stableAfterMs: z.number().int().min(1000).default(120_000),
        /** More crashes than this inside the window: stop restarting and show the error page. */
        maxCrashes: z.number().int().min(1).max(100).default(10),
        windowMs: z.number().int().min(1000).default(600_000),
      })
      .default({
        initialDelayMs: 1000,
        maxDelayMs: 60_000,
        stableAfterMs: 120_000,
        maxCrashes: 10,
        windowMs: 600_000,
      }),
    /**
     * The lane's own devices (scanner, printer, drawer, pole display), driven by drivers' host in
     * this process and bridged to the store broker. `host` is a drivers driver-host configuration;
     * it is validated (models included) when the host starts.
     */
    driverHost: z
      .object({ enabled: z.boolean().default(false), host: z.unknown().optional() })
      .refine((d) => !d.enabled || d.host !== undefined, {
        message: 'an enabled driver host needs its host configuration (store, mqtt, devices)',
      })
      .default({ enabled: false }),
  })
  .strict();

export type LaneConfig = z.output<typeof laneConfigSchema>;
export type LaneConfigInput = z.input<typeof laneConfigSchema>;

export type ConfigResult = { ok: true; config: LaneConfig } | { ok: false; error: ValidationError };

/** Environment overrides: each maps one variable to one field, so precedence stays obvious. */
export function envOverrides(env: Readonly<Record<string, string | undefined>>): {
  overrides: Record<string, unknown>;
  issues: FieldIssue[];
} {
  const overrides: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  if (env.MENDIAN_LANE) overrides.laneCode = env.MENDIAN_LANE;
  if (env.MENDIAN_EDGE_URL) overrides.edgeAgent = { mode: 'remote', url: env.MENDIAN_EDGE_URL };
  if (env.MENDIAN_KIOSK !== undefined) {
    if (env.MENDIAN_KIOSK === '1' || env.MENDIAN_KIOSK === 'true') overrides.kiosk = true;
    else if (env.MENDIAN_KIOSK === '0' || env.MENDIAN_KIOSK === 'false') overrides.kiosk = false;
    else issues.push({ path: 'MENDIAN_KIOSK', message: 'must be 1, 0, true or false' });
  }
  return { overrides, issues };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merges file content and environment, validates, and returns every problem at once. */
export function resolveLaneConfig(
  fileContent: unknown,
  env: Readonly<Record<string, string | undefined>> = {},
): ConfigResult {
  if (fileContent !== undefined && !isRecord(fileContent)) {
    return {
      ok: false,
      error: new ValidationError('lane configuration', [
        { path: '', message: 'must be a JSON object' },
      ]),
    };
  }
  const base: Record<string, unknown> = { ...(fileContent ?? {}) };
  const { overrides, issues } = envOverrides(env);
  const { kiosk, ...rest } = overrides;
  Object.assign(base, rest);
  if (kiosk !== undefined) {
    base.window = { ...(isRecord(base.window) ? base.window : {}), kiosk };
  }
  const r = laneConfigSchema.safeParse(base);
  const all = [...issues, ...(r.success ? [] : issuesOf(r.error))];
  if (!r.success || all.length > 0) {
    return { ok: false, error: new ValidationError('lane configuration', all) };
  }
  return { ok: true, config: r.data };
}

/** Parses the text of the configuration file; a missing file means all defaults. */
export function parseLaneConfigText(
  text: string | undefined,
  env: Readonly<Record<string, string | undefined>> = {},
): ConfigResult {
  if (text === undefined) return resolveLaneConfig(undefined, env);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      error: new ValidationError('lane configuration', [
        { path: '', message: `is not JSON: ${(e as Error).message}` },
      ]),
    };
  }
  return resolveLaneConfig(json, env);
}
