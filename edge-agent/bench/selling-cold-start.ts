// Child of selling.bench.ts: starts the selling side on a prepared data dir and reports how long
// it took from process start, the catalog size and resident memory. Run from dist (plain node).
const t0 = performance.now();
const [dataDir, storeId, storeCode] = process.argv.slice(2);
if (!dataDir || !storeId || !storeCode)
  throw new Error('usage: selling-cold-start <dataDir> <storeId> <storeCode>');
const { loadEdgeConfig } = await import('../src/config/edge-config.js');
const { startSelling } = await import('../src/config/selling-runtime.js');
const { buildApi } = await import('../src/api/server.js');
const tImported = performance.now();
const rt = await startSelling(loadEdgeConfig({ dataDir, storeId, storeCode }, {}));
const tReady = performance.now();
const app = await buildApi(rt);
await app.listen({ port: 0, host: '127.0.0.1' });
const tListening = performance.now();
global.gc?.();
process.send?.({
  importMs: tImported - t0,
  startSellingMs: tReady - tImported,
  toListeningMs: tListening,
  skus: rt.ref.catalog.size,
  rssMb: process.memoryUsage().rss / 2 ** 20,
  heapMb: process.memoryUsage().heapUsed / 2 ** 20,
});
await app.close();
await rt.stop();
