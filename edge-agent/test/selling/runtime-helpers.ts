import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEdgeConfig, type EdgeConfig } from '../../src/config/edge-config.js';
import {
  startSelling,
  type SellingRuntime,
  type SellingStrategies,
} from '../../src/config/selling-runtime.js';
import { seedReferenceData } from '../../src/db/seed.js';
import { sampleData, type SampleData } from '../../src/demo/sample-catalog.js';
import type { Actor } from '../../src/staff/permissions.js';

export function tempDir(tag: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `mendian-${tag}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Booted {
  rt: SellingRuntime;
  data: SampleData;
  config: EdgeConfig;
  cashier: Actor;
  manager: Actor;
}

/** A runtime on a fresh data dir with the sample catalog, and lane 01's shift open. */
export async function boot(
  dir: string,
  strategies: SellingStrategies = {},
  data?: SampleData,
): Promise<Booted> {
  const d = data ?? (await sampleData({ pinParams: { N: 1024, r: 8, p: 1 } }));
  const config = loadEdgeConfig(
    {
      dataDir: dir,
      storeId: d.store.id,
      storeCode: d.store.code,
      cashRounding: 'jiao',
      synchronous: 'NORMAL',
      payments: { pollIntervalMs: 5, userPayingTimeoutMs: 200, unreachableHoldMs: 10_000 },
      api: { port: 0 },
    },
    {},
  );
  const rt = await startSelling(config, strategies);
  if (!data) {
    await seedReferenceData(rt.db, d);
    // the change streams fill the in-memory catalog
    while (rt.ref.catalog.size < d.products.length) await new Promise((r) => setTimeout(r, 5));
  }
  const staff = (no: string) => d.staff.find((s) => s.staffNo === no)!;
  const cashier = { staffId: staff('1001').id, role: staff('1001').role };
  const manager = { staffId: staff('9001').id, role: staff('9001').role };
  return { rt, data: d, config, cashier, manager };
}

export function productByName(data: SampleData, zh: string) {
  const p = data.products.find((x) => x.name.zh.startsWith(zh));
  if (!p) throw new Error(`no sample product ${zh}`);
  return p;
}
