// `npm start`: a demo store with a sample catalog, a simulated receipt printer and the lane API.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrinterSimulator } from '@mendian/drivers';
import { ulid } from '@mendian/protocol';
import { buildApi } from '../api/server.js';
import { receiptRoutes } from '../api/routes-receipts.js';
import { serveUi } from '../api/serve-ui.js';
import { stockRoutes } from '../stock/api-routes.js';
import { applyCommittedOrders } from '../stock/order-events.js';
import { StockService } from '../stock/stock-service.js';
import { loadEdgeConfig } from '../config/edge-config.js';
import { startSelling } from '../config/selling-runtime.js';
import { seedReferenceData } from '../db/seed.js';
import { receiptsOn, tcpReceiptPrinter, type ReceiptWiring } from '../receipts/receipt-wiring.js';
import { sampleData } from './sample-catalog.js';

/** Pieces (or kilograms for weighed goods) of each product on hand when the demo first starts. */
const DEMO_OPENING_STOCK = 50;

async function main(): Promise<void> {
  const dataDir = resolve(
    process.env.MENDIAN_DATA_DIR ?? join(process.cwd(), '.data', 'demo-store'),
  );
  mkdirSync(dataDir, { recursive: true });
  const identityFile = join(dataDir, 'store.json');
  const fresh = !existsSync(identityFile);
  if (fresh) writeFileSync(identityFile, JSON.stringify({ storeId: ulid(), storeCode: 'SH001' }));
  const identity = JSON.parse(readFileSync(identityFile, 'utf8')) as {
    storeId: string;
    storeCode: string;
  };

  const printer = await PrinterSimulator.start();
  const config = loadEdgeConfig({
    dataDir,
    ...identity,
    cashRounding: 'jiao',
    api: { host: '127.0.0.1', port: 8080 },
  });
  const wiring: ReceiptWiring = { service: null, queue: null };
  const rt = await startSelling(config, {
    receipts: receiptsOn(
      tcpReceiptPrinter(printer.host, printer.port),
      { storeName: '门店演示店 徐汇店', timeZone: config.timeZone, locale: config.locale },
      wiring,
    ),
    onListenerError: (event, e) => console.error(`listener of ${event} failed:`, e),
  });
  const data = fresh
    ? await sampleData({ storeId: identity.storeId, storeCode: identity.storeCode })
    : null;
  if (data) await seedReferenceData(rt.db, data);

  // Stock for the manager screens: the projection is fed by every committed sale and return.
  const stock = new StockService({ db: rt.db.local, storeId: identity.storeId });
  const products = data?.products ?? (await rt.db.rx.products.find().exec()).map((d) => d.toJSON());
  stock.products.upsert(products);
  if (data) {
    const manager = data.staff.find((s) => s.role === 'manager');
    const opening = stock.adjust({
      adjustmentId: ulid(),
      staffId: manager?.id ?? ulid(),
      lines: data.products.map((p) => ({
        productId: p.id,
        quantityDelta: p.soldBy === 'weight' ? DEMO_OPENING_STOCK * 1000 : DEMO_OPENING_STOCK,
        reason: 'found',
      })),
      note: 'demo opening stock 演示期初库存',
    });
    if (!opening.ok) console.error(`opening stock not booked: ${opening.message}`);
  }
  const stopStockFeed = applyCommittedOrders(rt.events, stock, null, (p) =>
    console.error(`stock not updated for order ${p.orderId}: ${p.code} ${p.message}`),
  );

  const app = await buildApi(rt, [receiptRoutes(wiring)]);
  await app.register(stockRoutes, { prefix: '/api', stock });
  // The lane UI is a static build of desktop/ (`npm start` builds it first); the agent only serves
  // its files. The repository root is four levels above edge-agent/dist/src/demo/ (npm start)
  // and three above edge-agent/src/demo/ (run through tsx).
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', '..', '..', '..'), join(here, '..', '..', '..')].map(
    (root) => join(root, 'desktop', 'dist', 'ui'),
  );
  const uiDir = resolve(
    process.env.MENDIAN_UI_DIR ??
      candidates.find((dir) => existsSync(join(dir, 'index.html'))) ??
      candidates[0]!,
  );
  const uiServed = existsSync(join(uiDir, 'index.html'));
  if (uiServed) serveUi(app, uiDir);
  let url: string;
  try {
    url = await app.listen({ host: config.api.host, port: config.api.port });
  } catch {
    url = await app.listen({ host: config.api.host, port: 0 }); // 8080 taken: any free port
  }

  let printed = 0;
  const showReceipts = setInterval(() => {
    for (; printed < printer.receipts.length; printed++) {
      console.log(
        `\n🧾 模拟打印机 / simulated printer:\n${printer.receipts[printed]!.lines.join('\n')}\n`,
      );
    }
  }, 200);

  console.log(
    [
      '',
      'Mendian 门店 — demo store 演示门店',
      uiServed
        ? `  Lane UI:  ${url}/?lane=01   (收银界面 cashier screen; ${url}/?lane=01&lang=en for English)`
        : `  Lane UI:  not built (${uiDir}): run npm run build:ui -w desktop`,
      `  API:      ${url}/api/v1   (OpenAPI: ${url}/openapi.json, live: ${url.replace('http', 'ws')}/api/v1/live)`,
      `  Data:     ${dataDir}`,
      `  Printer:  simulated ESC/POS printer on tcp://${printer.host}:${printer.port}`,
      '  Staff:    1001/1111 收银员 cashier · 2001/2222 主管 supervisor · 9001/9999 经理 manager',
      '  Member:   phone 13812345678 (gold)',
      ...(data
        ? [
            '  Scan:     ' +
              data.products
                .filter((p) => p.barcodes[0])
                .slice(0, 4)
                .map((p) => `${p.barcodes[0]} ${p.name.zh}`)
                .join(' · '),
            '  Scale:    2010001015369 (红富士苹果, label ¥15.36)',
          ]
        : []),
      '  Wallet:   134567890123456789 pays at once · …0002 asks the customer to confirm · …0001 declined',
      '  Try:      curl -s -XPOST ' +
        url +
        '/api/v1/sessions -H content-type:application/json -d \'{"staffNo":"1001","pin":"1111","laneCode":"01"}\'',
      '  Ctrl-C stops the store.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(showReceipts);
    stopStockFeed();
    await app.close();
    await rt.stop();
    await printer.close();
    console.log('门店已关闭 / store stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  console.error('demo store failed to start:', e);
  process.exit(1);
});
