import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ulid, type Price, type Product } from '@mendian/protocol';
import { PrinterSimulator } from '@mendian/drivers/simulators/printer-simulator';
import { gtinCheckDigit } from '@mendian/drivers/barcodes/gtin';
import { buildApi } from '@mendian/edge-agent/api/server';
import { receiptRoutes } from '@mendian/edge-agent/api/routes-receipts';
import { loadEdgeConfig } from '@mendian/edge-agent/config/edge-config';
import { startSelling, type SellingRuntime } from '@mendian/edge-agent/config/selling-runtime';
import { seedReferenceData } from '@mendian/edge-agent/db/seed';
import { sampleData, type SampleData } from '@mendian/edge-agent/demo/sample-catalog';
import {
  receiptsOn,
  tcpReceiptPrinter,
  type ReceiptWiring,
} from '@mendian/edge-agent/receipts/receipt-wiring';
import { StockService } from '@mendian/edge-agent/stock/stock-service';
import { stockRoutes } from '@mendian/edge-agent/stock/api-routes';
import { startStoreReplication } from '@mendian/edge-agent/sync/replicate';
import { registerSyncStatusRoute } from '@mendian/edge-agent/sync/status-route';
import { SyncStatusStore } from '@mendian/edge-agent/sync/sync-status';
import { serveUi } from '@mendian/edge-agent/api/serve-ui';

/**
 * A real edge-agent for the browser tests: the selling runtime on a fresh data directory with the
 * sample catalog, receipts printed over TCP to the printer simulator, the stock service fed by
 * committed orders with its routes on the same server, and the built UI served at `/`.
 */
export interface EdgeStore {
  url: string;
  rt: SellingRuntime;
  app: FastifyInstance;
  data: SampleData;
  printer: PrinterSimulator;
  stock: StockService;
  syncStatus: SyncStatusStore;
  product(zhPrefix: string): Product;
  stop(): Promise<void>;
}

export const STOCK_START = 24;

export interface EdgeStoreOptions {
  /** Generated piece-sold products added to the sample catalog (the benchmark uses 100,000). */
  extraSkus?: number;
  /** Registers the store at a sync server; orders then replicate, status at /api/sync/status. */
  sync?: (store: {
    id: string;
    code: string;
  }) => Promise<{ serverUrl: string; credential: string }>;
}

/** `n` products with valid EAN-13 barcodes (prefix 693) and a regular price each. */
export function generatedCatalog(n: number, at: number): { products: Product[]; prices: Price[] } {
  const products: Product[] = [];
  const prices: Price[] = [];
  for (let i = 0; i < n; i++) {
    const body = `693${String(i).padStart(9, '0')}`;
    const barcode = body + String(gtinCheckDigit(body));
    const id = ulid();
    products.push({
      schemaVersion: 1,
      id,
      sku: `G${String(i).padStart(6, '0')}`,
      name: { zh: `测试商品${i}号`, en: `Test item ${i}` },
      pinyinInitials: `CSSP${i}H`,
      barcodes: [barcode],
      unit: 'piece',
      soldBy: 'piece',
      taxRate: 1300,
      categoryId: null,
      ownerStoreId: null,
      active: true,
      updatedAt: at,
    });
    prices.push({
      schemaVersion: 1,
      id: ulid(),
      productId: id,
      storeId: null,
      kind: 'regular',
      amount: 100 + ((i * 37) % 9900),
      validFrom: 0,
      validTo: null,
      updatedAt: at,
    });
  }
  return { products, prices };
}

export async function startEdgeStore(
  uiDir: string,
  options: EdgeStoreOptions = {},
): Promise<EdgeStore> {
  const dir = mkdtempSync(join(tmpdir(), 'mendian-e2e-'));
  // A cheap scrypt cost keeps login fast in tests; the hash format is the production one.
  const sample = await sampleData({ pinParams: { N: 1024, r: 8, p: 1 } });
  const extra = generatedCatalog(options.extraSkus ?? 0, Date.now());
  const data: SampleData = {
    ...sample,
    products: [...sample.products, ...extra.products],
    prices: [...sample.prices, ...extra.prices],
  };
  const printer = await PrinterSimulator.start();
  const config = loadEdgeConfig(
    {
      dataDir: dir,
      storeId: data.store.id,
      storeCode: data.store.code,
      synchronous: 'NORMAL',
      api: { port: 0 },
      // Wallet polls 1 s apart, so USERPAYING lasts long enough to be seen on the lane.
      payments: { pollIntervalMs: 1000, userPayingTimeoutMs: 20_000, unreachableHoldMs: 10_000 },
    },
    {},
  );
  const holder: ReceiptWiring = { service: null, queue: null };
  const rt = await startSelling(config, {
    receipts: receiptsOn(
      tcpReceiptPrinter(printer.host, printer.port),
      { storeName: data.store.name.zh, timeZone: config.timeZone, locale: 'zh-CN', retryMs: 200 },
      holder,
    ),
  });
  await seedReferenceData(rt.db, data);
  while (rt.ref.catalog.size < data.products.length) await new Promise((r) => setTimeout(r, 20));

  const stock = new StockService({ db: rt.db.local, storeId: data.store.id });
  stock.products.upsert(sample.products);
  const manager = data.staff.find((s) => s.role === 'manager')!;
  const received = stock.adjust({
    adjustmentId: ulid(),
    staffId: manager.id,
    lines: sample.products.map((p) => ({
      productId: p.id,
      quantityDelta: p.soldBy === 'weight' ? STOCK_START * 1000 : STOCK_START,
      reason: 'found',
    })),
    note: 'e2e opening stock',
  });
  if (!received.ok) throw new Error(`opening stock: ${received.message}`);
  const offOrders = rt.events.on('orderCommitted', ({ order }) => {
    const r = stock.applyOrder(order);
    if (!r.ok) throw new Error(`stock for order ${order.receiptNo}: ${r.message}`);
  });

  const app = await buildApi(rt, [receiptRoutes(holder)]);
  await app.register(stockRoutes, { prefix: '/api', stock });
  const syncStatus = new SyncStatusStore();
  registerSyncStatusRoute(app, syncStatus);
  const link = options.sync
    ? await options.sync({ id: data.store.id, code: data.store.code })
    : null;
  const replication = link
    ? startStoreReplication({
        // products come down (the live stream tells online from offline); orders go up.
        collections: { products: rt.db.rx.products, orders: rt.db.rx.orders },
        serverUrl: link.serverUrl,
        credential: link.credential,
        status: syncStatus,
        retryTime: 500,
      })
    : null;
  serveUi(app, uiDir);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    rt,
    app,
    data,
    printer,
    stock,
    product(zh) {
      const p = data.products.find((x) => x.name.zh.startsWith(zh));
      if (!p) throw new Error(`no sample product ${zh}`);
      return p;
    },
    syncStatus,
    async stop() {
      offOrders();
      await replication?.stop();
      await app.close();
      await rt.stop();
      await printer.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An EAN-13 in-store scale label (GB/T 18283): flag 20, PLU (5), amount in fen (5), check. */
export function scaleLabel(plu: string, amountFen: number): string {
  const body = `20${plu.padStart(5, '0')}${String(amountFen).padStart(5, '0')}`;
  return body + String(gtinCheckDigit(body));
}
