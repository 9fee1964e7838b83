import { ulid, type Price, type Product } from '@mendian/protocol';
import type { EdgeDatabase } from '../src/db/edge-database.js';
import { ean13 } from '../src/demo/sample-catalog.js';

/** 100,000-SKU style catalog: EAN-13 (693 prefix) per SKU, a chain price, a member price for some. */
export function bigCatalog(
  n: number,
  categoryIds: string[],
  at: number,
): { products: Product[]; prices: Price[] } {
  const products: Product[] = [];
  const prices: Price[] = [];
  const names = [
    '农夫山泉',
    '可口可乐',
    '康师傅',
    '伊利',
    '蒙牛',
    '金龙鱼',
    '海天',
    '乐事',
    '德芙',
    '维达',
  ];
  for (let i = 0; i < n; i++) {
    const id = ulid();
    const barcode = ean13(`693${String(i).padStart(9, '0')}`);
    const brand = names[i % names.length]!;
    products.push({
      schemaVersion: 1,
      id,
      sku: `S${String(i).padStart(7, '0')}`,
      name: { zh: `${brand}商品${i}`, en: `Item ${i}` },
      pinyinInitials: `NFSQ${i % 100}`,
      barcodes: [barcode],
      unit: 'piece',
      soldBy: 'piece',
      taxRate: 1300,
      categoryId: categoryIds[i % categoryIds.length] ?? null,
      ownerStoreId: null,
      active: true,
      updatedAt: at,
    });
    const amount = 100 + ((i * 7919) % 20000);
    prices.push({
      schemaVersion: 1,
      id: ulid(),
      productId: id,
      storeId: null,
      kind: 'regular',
      amount,
      validFrom: 0,
      validTo: null,
      updatedAt: at,
    });
    if (i % 5 === 0) {
      prices.push({
        schemaVersion: 1,
        id: ulid(),
        productId: id,
        storeId: null,
        kind: 'member',
        amount: amount - 50,
        validFrom: 0,
        validTo: null,
        updatedAt: at,
      });
    }
  }
  return { products, prices };
}

export async function loadInBatches<T>(
  insert: (docs: T[]) => Promise<unknown>,
  docs: T[],
  batch = 5000,
): Promise<void> {
  for (let i = 0; i < docs.length; i += batch) await insert(docs.slice(i, i + batch));
}

export async function seedBig(
  db: EdgeDatabase,
  products: Product[],
  prices: Price[],
): Promise<void> {
  await loadInBatches((d) => db.rx.products.bulkInsert(d), products);
  await loadInBatches((d) => db.rx.prices.bulkInsert(d), prices);
}
