import { fail, ok, type Product, type Result } from '@mendian/protocol';
import { classifyCode, type LaneState } from '@mendian/drivers/barcodes/index';
import type { CatalogIndex } from './catalog-index.js';

export type Scanned =
  | {
      kind: 'item';
      product: Product;
      /** Pieces (1 for a plain scan) or grams when the code carries a weight. */
      quantity: number | null;
      /** Amount printed on a price-embedded scale label. */
      labelAmount: number | null;
      code: string;
    }
  | { kind: 'member'; cardNo: string; code: string }
  | { kind: 'receipt'; receiptNumber: string }
  | { kind: 'payment'; provider: string; code: string };

export type ScanFailure = 'NOT_FOUND' | 'BAD_CODE';

/**
 * Turns one scan into what the lane should do with it: an item (EAN/UPC/GTIN, GS1 with weight,
 * in-store scale label by PLU), a member code, a receipt number for a return, or a payment code.
 * Parsing is the drivers' job; this only looks the result up in the catalog.
 */
export function resolveScan(
  catalog: CatalogIndex,
  text: string,
  laneState: LaneState = 'item',
): Result<Scanned, ScanFailure> {
  const c = classifyCode(text, { laneState });
  if (!c.ok)
    return fail('BAD_CODE', `条码无效: ${c.error.message} / bad code`, { reason: c.error.code });
  const p = c.value.parsed;
  const notFound = () =>
    fail('NOT_FOUND', `未找到商品 ${c.value.data} / no product for this code`, {
      code: c.value.data,
    });
  switch (p.kind) {
    case 'gtin': {
      const product = catalog.byBarcodeText(p.gtin14) ?? catalog.byBarcodeText(p.text);
      return product
        ? ok({ kind: 'item', product, quantity: null, labelAmount: null, code: c.value.data })
        : notFound();
    }
    case 'gs1': {
      const product = p.gtin === undefined ? undefined : catalog.byBarcodeText(p.gtin);
      if (!product) return notFound();
      const grams = product.soldBy === 'weight' ? (p.netWeightGrams ?? null) : null;
      return ok({ kind: 'item', product, quantity: grams, labelAmount: null, code: c.value.data });
    }
    case 'scaleCode': {
      const product = catalog.byPluText(p.plu);
      if (!product) return notFound();
      return ok({
        kind: 'item',
        product,
        quantity: p.grams ?? null,
        labelAmount: p.amountFen ?? null,
        code: c.value.data,
      });
    }
    case 'memberCode':
      return ok({ kind: 'member', cardNo: p.cardNo, code: c.value.data });
    case 'receipt':
      return ok({ kind: 'receipt', receiptNumber: p.receiptNumber });
    case 'paymentCode':
      return ok({ kind: 'payment', provider: p.provider, code: p.code });
    case 'text': {
      const product = catalog.byBarcodeText(p.text) ?? catalog.bySkuText(p.text);
      return product
        ? ok({ kind: 'item', product, quantity: null, labelAmount: null, code: p.text })
        : notFound();
    }
  }
}
