import { createRequire } from 'node:module';
import { percentile, report, timeRuns } from '../../scripts/bench-kit.mjs';
import { classifyCode } from '../src/barcodes/classify.js';
import { parseGs1 } from '../src/barcodes/gs1.js';
import { gtinCheckDigit, parseGtin } from '../src/barcodes/gtin.js';
import { issueMemberCode } from '../src/barcodes/member-code-verify.js';
import { decodeEscPos } from '../src/escpos/decoder.js';
import { renderReceipt } from '../src/escpos/render.js';
import { createWedgeDetector } from '../src/scanners/wedge-detector.js';

// Peers measured in the same run: the `gtin` package for check digits, and the raw
// gs1-barcode-parser-mod for what our typed wrapper (plus date and GTIN checks) costs.
const require = createRequire(import.meta.url);
const gtinPkg = require('gtin') as { isValid: (code: string) => boolean };
const gs1Raw = require('gs1-barcode-parser-mod') as { parseBarcode: (s: string) => unknown };

const GS = '\u001d';
const member = issueMemberCode(
  { K1: new TextEncoder().encode('k') },
  'K1',
  '88001234',
  Date.now() + 60_000,
);
const MIX = [
  '6901234567892',
  ']E06901234567892',
  '73513537',
  '2000123012346',
  '210012301500029859',
  '280012301500029852',
  '134567890123456789',
  '6212345678901234567',
  `]C101095011010209171719050810ABCD1234${GS}3103000189`,
  member,
  'SH001-03-00012345',
  'https://example.com/x',
];
const EANS = Array.from({ length: 1000 }, (_, i) => {
  const body = String(690_000_000_000 + i * 7919).slice(0, 12);
  return body + gtinCheckDigit(body);
});

/** Runs `fn` over `n` items per run and returns per-item microseconds and items/s. */
async function perItem(name: string, n: number, fn: () => void, peer?: string) {
  const xs = await timeRuns(fn, { runs: 40, warmup: 5 });
  const p50 = percentile(xs, 50);
  return {
    operation: name,
    items_per_run: n,
    p50_us_per_item: (p50 * 1000) / n,
    p99_us_per_item: (percentile(xs, 99) * 1000) / n,
    items_per_s: Math.round(n / (p50 / 1000)),
    ...(peer ? { peer } : {}),
  };
}

const rows = [];
rows.push(
  await perItem('classifyCode, 12-code mix x100 (item state)', MIX.length * 100, () => {
    for (let k = 0; k < 100; k++) for (const c of MIX) classifyCode(c, { laneState: 'item' });
  }),
);
rows.push(
  await perItem('classifyCode, same mix (payment state)', MIX.length * 100, () => {
    for (let k = 0; k < 100; k++) for (const c of MIX) classifyCode(c, { laneState: 'payment' });
  }),
);
const ours = await perItem('EAN-13 check (ours, parseGtin)', EANS.length, () => {
  for (const e of EANS) parseGtin(e);
});
const theirs = await perItem(
  'EAN-13 check (gtin package isValid)',
  EANS.length,
  () => {
    for (const e of EANS) gtinPkg.isValid(e);
  },
  'peer',
);
rows.push(ours, theirs);
const gs1 = `]C101095011010209171719050810ABCD1234${GS}3103000189`;
const wrapped = await perItem('GS1-128 parse (typed wrapper)', 200, () => {
  for (let i = 0; i < 200; i++) parseGs1(gs1);
});
const raw = await perItem(
  'GS1-128 parse (raw parser)',
  200,
  () => {
    for (let i = 0; i < 200; i++) gs1Raw.parseBarcode(gs1);
  },
  'peer',
);
rows.push(wrapped, raw);

// A 30-line Chinese supermarket receipt, 80 mm.
const lines = Array.from(
  { length: 30 },
  (_, i) => `|商品${i} 农夫山泉 550ml | ${(i % 3) + 1}| ￥${(i * 137) % 100}.50|`,
).join('\n');
const doc = `^^^全家便利店 上海一号店\n收银员 张三\n-\n${lines}\n-\n|^合计 | ^￥1234.50|\n{code:SH001-03-00012345; option:code128,2,60,hri}\n`;
const bytes = renderReceipt(doc, { cpl: 48, encoding: 'gb18030', cutting: true });
const render = await timeRuns(
  () => renderReceipt(doc, { cpl: 48, encoding: 'gb18030', cutting: true }),
  { runs: 100, warmup: 10 },
);
const decode = await timeRuns(() => decodeEscPos(bytes), { runs: 200, warmup: 20 });
const both = await timeRuns(
  () => decodeEscPos(renderReceipt(doc, { cpl: 48, encoding: 'gb18030', cutting: true })),
  { runs: 100, warmup: 10 },
);
const receiptRow = (name: string, xs: number[]) => ({
  operation: name,
  items_per_run: 1,
  p50_us_per_item: percentile(xs, 50) * 1000,
  p99_us_per_item: percentile(xs, 99) * 1000,
  items_per_s: Math.round(1000 / percentile(xs, 50)),
  MB_per_s: (bytes.length / 1e6 / (percentile(xs, 50) / 1000)).toFixed(1),
});
rows.push(
  receiptRow(`receiptline render, 30-line Chinese receipt (${bytes.length} B)`, render),
  receiptRow('ESC/POS test decoder, same receipt', decode),
  receiptRow('render + decode', both),
);

// Keyboard wedge: 1000 keys of scanner bursts with Enter.
const keys = Array.from({ length: 1000 }, (_, i) => ({
  key: i % 14 === 13 ? 'Enter' : String(i % 10),
  at: i * 4,
}));
rows.push(
  await perItem('wedge detector, keys', keys.length, () => {
    const d = createWedgeDetector();
    for (const k of keys) d.push(k);
  }),
);

report('drivers', rows, {
  'ratio EAN check ours/gtin pkg (time per item)': ours.p50_us_per_item / theirs.p50_us_per_item,
  'ratio GS1 typed wrapper/raw parser (time per item)':
    wrapped.p50_us_per_item / raw.p50_us_per_item,
  'receipt bytes': bytes.length,
});
