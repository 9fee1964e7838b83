// Shared by every benchmark: percentiles, a printed table, and a JSON file in bench-results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Percentile (0-100) of a list of numbers, nearest-rank. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function median(values) {
  return percentile(values, 50);
}

/** Runs fn `runs` times after `warmup` runs and returns the durations in ms. */
export async function timeRuns(fn, { runs = 20, warmup = 3 } = {}) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const out = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

function cell(v) {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return String(v);
    if (Number.isInteger(v)) return String(v);
    return v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(4);
  }
  return v === undefined || v === null ? '' : String(v);
}

/**
 * Prints rows as an aligned table and writes {name, at, machine, rows, notes} to
 * bench-results/{name}.json. Rows are flat objects; columns are the union of their keys.
 */
export function report(name, rows, notes = {}) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const table = [columns, ...rows.map((r) => columns.map((c) => cell(r[c])))];
  const widths = columns.map((_, i) => Math.max(...table.map((line) => String(line[i]).length)));
  console.log(`\n== ${name}`);
  for (const [n, line] of table.entries()) {
    console.log(line.map((v, i) => String(v).padEnd(widths[i])).join('  '));
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  for (const [k, v] of Object.entries(notes)) console.log(`${k}: ${cell(v)}`);
  const dir = join(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        name,
        at: new Date().toISOString(),
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        rows,
        notes,
      },
      null,
      2,
    ),
  );
  console.log(`(written to ${file})`);
}
