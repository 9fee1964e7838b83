// The edge-agent of the UI benchmark in its own process: the benchmark's process drives Chromium,
// and a store busy pricing a cart must not delay the keys it sends (a real scanner is separate
// hardware). Prints one JSON line {url, barcodes} when ready; stops on SIGTERM or stdin close.
import { buildUi } from '../test/support/build-ui.js';
import { startEdgeStore } from '../test/support/edge-store.js';

const skus = Number(process.argv[2] ?? 100_000);
const t0 = performance.now();
const store = await startEdgeStore(await buildUi(), { extraSkus: skus });
const generated = store.data.products.filter((p) => p.sku.startsWith('G'));
// Spread over the whole catalog, so look-ups are not all near one end of an index.
const barcodes = Array.from(
  { length: 1000 },
  (_, i) => generated[(i * 7919) % generated.length]!.barcodes[0]!,
);
console.log(
  JSON.stringify({
    url: store.url,
    products: store.data.products.length,
    readyMs: performance.now() - t0,
    barcodes,
  }),
);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await store.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.stdin.on('close', () => void stop());
process.stdin.resume();
