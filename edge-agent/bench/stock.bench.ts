// Stock benchmark: stock view search over 100,000 SKUs, and rebuilding the stock projection from
// 1,000,000 movement facts (time and peak-RSS growth). Peers measured in the same run: search by a
// linear scan of the same products in JS memory, and the rebuild as one SQL GROUP BY.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ulid, type Product } from '@mendian/protocol';
import { percentile, report, timeRuns } from '../../scripts/bench-kit.mjs';
import { StockService } from '../src/stock/stock-service.js';

// Smaller sizes for a quick look: STOCK_BENCH_SKUS=10000 STOCK_BENCH_FACTS=100000.
const SKUS = Number(process.env.STOCK_BENCH_SKUS ?? 100_000);
const FACTS = Number(process.env.STOCK_BENCH_FACTS ?? 1_000_000);
const factsLabel = FACTS >= 1_000_000 ? `${FACTS / 1_000_000}M` : `${FACTS / 1000}k`;
const started = performance.now();
const progress = (what: string) =>
  console.error(`[stock bench ${((performance.now() - started) / 1000).toFixed(1)} s] ${what}`);
const dir = mkdtempSync(join(tmpdir(), 'mendian-stock-bench-'));
const db = new Database(join(dir, 'store.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const storeId = ulid();
const stock = new StockService({ db, storeId });

// Names built from parts whose pinyin initials are known, so pinyin search has real targets.
const brands: [string, string][] = [
  ['农夫', 'NF'],
  ['康师傅', 'KSF'],
  ['统一', 'TY'],
  ['可口', 'KK'],
  ['伊利', 'YL'],
  ['蒙牛', 'MN'],
  ['旺旺', 'WW'],
  ['娃哈哈', 'WHH'],
  ['百事', 'BS'],
  ['雀巢', 'QC'],
];
const kinds: [string, string][] = [
  ['矿泉水', 'KQS'],
  ['冰红茶', 'BHC'],
  ['方便面', 'FBM'],
  ['可乐', 'KL'],
  ['酸奶', 'SN'],
  ['饼干', 'BG'],
  ['牛奶', 'NN'],
  ['果汁', 'GZ'],
  ['咖啡', 'KF'],
  ['薯片', 'SP'],
];
const mem = () => Math.round(process.memoryUsage().rss / 1048576);
const peak = () => Math.round(process.resourceUsage().maxRSS / 1024);

function makeProduct(i: number): Product {
  const [b, bi] = brands[i % brands.length]!;
  const [k, ki] = kinds[Math.floor(i / brands.length) % kinds.length]!;
  const size = 100 + (i % 900);
  return {
    schemaVersion: 1,
    id: ulid(),
    sku: `SKU${String(i).padStart(6, '0')}`,
    name: { zh: `${b}${k} ${size}ml`, en: `Item ${i}` },
    pinyinInitials: `${bi}${ki}${size}`,
    barcodes: [`69${String(i).padStart(10, '0')}${i % 10}`],
    unit: 'piece',
    soldBy: 'piece',
    taxRate: 1300,
    categoryId: null,
    ownerStoreId: null,
    active: true,
    updatedAt: 1,
  };
}

const tLoad = performance.now();
const products = Array.from({ length: SKUS }, (_, i) => makeProduct(i));
for (let i = 0; i < SKUS; i += 10_000) stock.products.upsert(products.slice(i, i + 10_000));
const loadProductsMs = performance.now() - tLoad;
progress(`${SKUS} products indexed`);

// 1,000,000 facts over the 100,000 SKUs, written straight into the log (one transaction per 50k).
const tFacts = performance.now();
const insert = db.prepare(
  `INSERT INTO stock_facts (id, store_id, product_id, sku, kind, delta, reason, source_type,
    source_id, location, staff_id, note, created_at)
   VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, 'any', NULL, NULL, ?)`,
);
const t0 = Date.now() - 30 * 86_400_000;
for (let start = 0; start < FACTS; start += 50_000) {
  db.transaction(() => {
    for (let i = start; i < Math.min(FACTS, start + 50_000); i++) {
      const p = products[(i * 7919) % SKUS]!;
      const receipt = i % 10 === 0;
      insert.run(
        `f${i}`,
        storeId,
        p.id,
        p.sku,
        receipt ? 'receipt' : 'sale',
        receipt ? 24 : -1 - (i % 3),
        receipt ? 'manual' : 'order',
        `s${i}`,
        t0 + i * 2,
      );
    }
  })();
}
const loadFactsMs = performance.now() - tFacts;
progress(`${FACTS} facts written`);

const rows: Record<string, string | number>[] = [];
globalThis.gc?.();

// Rebuild: reset and catch up from zero (batches of INSERT … SELECT … GROUP BY).
const rebuildRuns: number[] = [];
let rebuildPeakDelta = 0;
let levels = 0;
for (let r = 0; r < 3; r++) {
  const before = peak();
  const s = performance.now();
  const out = stock.projector.rebuild();
  rebuildRuns.push(performance.now() - s);
  rebuildPeakDelta = Math.max(rebuildPeakDelta, peak() - before);
  if (out.facts !== FACTS) throw new Error(`rebuild saw ${out.facts} facts`);
  levels = out.levels;
}
progress('rebuilds done');

// The independent in-memory recomputation (verify): streams every fact into a JS map.
const verifyRuns: number[] = [];
let verifyPeakDelta = 0;
for (let r = 0; r < 2; r++) {
  const before = peak();
  const s = performance.now();
  const v = stock.projector.verify();
  verifyRuns.push(performance.now() - s);
  verifyPeakDelta = Math.max(verifyPeakDelta, peak() - before);
  if (v.mismatches.length > 0 || v.facts !== FACTS) throw new Error('verify found differences');
}
progress('verify done');
const projected = db.prepare(`SELECT product_id, quantity FROM stock_levels`).all() as {
  product_id: string;
  quantity: number;
}[];

// Peer: the same sums as one SQL statement into a fresh table (no checkpoint, no last movement).
const sqlRuns: number[] = [];
for (let r = 0; r < 3; r++) {
  const s = performance.now();
  db.exec(`DROP TABLE IF EXISTS peer_levels;
    CREATE TABLE peer_levels AS SELECT store_id, product_id, SUM(delta) AS quantity, MAX(seq) AS last_seq
    FROM stock_facts GROUP BY store_id, product_id`);
  sqlRuns.push(performance.now() - s);
}
const peer = new Map(
  (db.prepare(`SELECT product_id, quantity FROM peer_levels`).all() as typeof projected).map(
    (r) => [r.product_id, r.quantity],
  ),
);
for (const r of projected) {
  if (peer.get(r.product_id) !== r.quantity) throw new Error(`mismatch for ${r.product_id}`);
}
progress('SQL peer done');

// Steady state: 10,000 new facts (a busy day) on top of 1,000,000, then catch up.
const NEW = 10_000;
db.transaction(() => {
  for (let i = FACTS; i < FACTS + NEW; i++) {
    const p = products[(i * 7919) % SKUS]!;
    insert.run(`f${i}`, storeId, p.id, p.sku, 'sale', -1, 'order', `s${i}`, Date.now());
  }
})();
const sc = performance.now();
const applied = stock.projector.catchUp();
const catchUpMs = performance.now() - sc;
if (applied !== NEW) throw new Error(`catch-up applied ${applied}`);
progress('catch-up done');

const row = (operation: string, xs: number[], extra: Record<string, string | number> = {}) => ({
  operation,
  runs: xs.length,
  p50_ms: percentile(xs, 50),
  p99_ms: percentile(xs, 99),
  ...extra,
});
rows.push(
  row(`rebuild from ${factsLabel} facts (reset + batched SQL catch-up)`, rebuildRuns, {
    facts_per_s: Math.round(FACTS / (percentile(rebuildRuns, 50) / 1000)),
    peak_rss_delta_mb: rebuildPeakDelta,
  }),
  row(`verify ${factsLabel} facts (independent in-memory recompute)`, verifyRuns, {
    facts_per_s: Math.round(FACTS / (percentile(verifyRuns, 50) / 1000)),
    peak_rss_delta_mb: verifyPeakDelta,
  }),
  row('  peer: one SQL GROUP BY into a new table', sqlRuns, {
    facts_per_s: Math.round(FACTS / (percentile(sqlRuns, 50) / 1000)),
    ratio_peer_over_ours:
      Math.round((percentile(sqlRuns, 50) / percentile(rebuildRuns, 50)) * 100) / 100,
  }),
  row(`catch-up ${NEW} new facts on top of ${factsLabel}`, [catchUpMs], {
    facts_per_s: Math.round(NEW / (catchUpMs / 1000)),
  }),
);

// Search: what a manager types, against 100,000 SKUs, with level and recent sales per hit.
const queries: [string, string][] = [
  ['name fragment 冰红茶', '冰红茶'],
  ['pinyin initials NFKQS', 'NFKQS'],
  ['pinyin lower-case ksf', 'ksf'],
  ['barcode exact', products[Math.floor(SKUS * 0.54)]!.barcodes[0]!],
  ['SKU prefix SKU0999', 'SKU0999'],
  ['no match', '不存在的商品'],
];
for (const [label, text] of queries) {
  progress(`search: ${label}`);
  let hits = 0;
  const xs = await timeRuns(
    () => {
      hits = stock.view.search(text, 20).length;
    },
    { runs: 200, warmup: 20 },
  );
  // Peer: the same match rules as a linear scan over the products in JS memory (no levels).
  const upper = text.toUpperCase();
  const peerXs = await timeRuns(
    () => {
      const out: Product[] = [];
      for (const p of products) {
        if (
          p.barcodes.includes(text) ||
          p.sku.startsWith(text) ||
          p.pinyinInitials.startsWith(upper) ||
          p.name.zh.includes(text) ||
          (p.name.en ?? '').includes(text)
        ) {
          out.push(p);
          if (out.length >= 20) break;
        }
      }
    },
    { runs: 50, warmup: 5 },
  );
  rows.push(
    row(`search: ${label}`, xs, {
      hits,
      peer_js_scan_p50_ms: percentile(peerXs, 50),
      ratio_peer_over_ours: Math.round((percentile(peerXs, 50) / percentile(xs, 50)) * 10) / 10,
    }),
  );
}

report('stock', rows, {
  skus: SKUS,
  facts: FACTS,
  levels,
  load_products_ms: Math.round(loadProductsMs),
  load_facts_ms: Math.round(loadFactsMs),
  rss_mb_at_end: mem(),
  db_file_mb: Math.round(
    ((db.pragma('page_count', { simple: true }) as number) *
      (db.pragma('page_size', { simple: true }) as number)) /
      1048576,
  ),
  search_includes: 'level, last movement and 24h/7d sales per hit (peer: matching only)',
});
db.close();
rmSync(dir, { recursive: true, force: true });
