import { fail, ok, productHit, productSearchQuery, type Product } from '@mendian/protocol';
import { z } from 'zod';
import { resolveScan } from '../catalog/scan-resolver.js';
import type { SellingRuntime } from '../config/selling-runtime.js';
import type { ApiScope } from './server.js';

function hit(rt: SellingRuntime, p: Product): z.infer<typeof productHit> {
  const { regular, member } = rt.ref.prices.priceAt(p.id, Date.now());
  return {
    productId: p.id,
    sku: p.sku,
    name: p.name,
    soldBy: p.soldBy,
    unitPrice: regular?.amount ?? null,
    memberPrice: member?.amount ?? null,
    barcode: p.barcodes[0] ?? null,
    plu: p.plu ?? null,
  };
}

export function registerCatalogRoutes(scope: ApiScope): void {
  const { route, rt } = scope;
  route(
    {
      method: 'GET',
      url: '/api/v1/products',
      summary: 'Search by name, pinyin initials, SKU, barcode; or list a category',
      query: productSearchQuery,
      response: z.array(productHit),
    },
    ({ query }) => {
      const products = query.category
        ? rt.ref.catalog.inCategory(query.category, query.limit)
        : rt.ref.catalog.search(query.q ?? '', query.limit);
      return ok(products.map((p) => hit(rt, p)));
    },
  );
  route(
    {
      method: 'GET',
      url: '/api/v1/products/by-code/:code',
      summary: 'Look a scanned code up (EAN, GS1, scale label, SKU)',
      response: productHit,
    },
    ({ params }) => {
      const r = resolveScan(rt.ref.catalog, params.code ?? '', 'item');
      if (!r.ok) return r;
      return r.value.kind === 'item'
        ? ok(hit(rt, r.value.product))
        : fail('NOT_FOUND', '不是商品条码 / not a product code');
    },
  );
}
