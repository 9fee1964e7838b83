import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { ulid } from '@mendian/protocol';
import { CatalogIndex, barcodeKey } from '../../src/catalog/catalog-index.js';
import { parseCsvLine } from '../../src/catalog/csv.js';
import { importCatalogCsv } from '../../src/catalog/csv-import.js';
import { pinyinInitials } from '../../src/catalog/pinyin.js';
import { resolveScan } from '../../src/catalog/scan-resolver.js';
import { openEdgeDatabase } from '../../src/db/edge-database.js';
import { ean13, sampleData } from '../../src/demo/sample-catalog.js';
import { tempDir } from './runtime-helpers.js';

const tmp = tempDir('catalog');
afterAll(() => tmp.cleanup());

describe('catalog index and scans', async () => {
  const data = await sampleData({ pinParams: { N: 1024, r: 8, p: 1 } });
  const idx = new CatalogIndex();
  for (const c of data.categories) idx.putCategory(c);
  for (const p of data.products) idx.put(p);
  const water = data.products[0]!;

  test('pinyin initials of Chinese names', () => {
    expect(pinyinInitials('农夫山泉饮用天然水 550ml')).toBe('NFSQYYTRS550ML');
    expect(pinyinInitials('红富士苹果')).toBe('HFSPG');
  });

  test('EAN-13, the same code as GTIN-14 and UPC-A-style zero padding find the product', () => {
    const code = water.barcodes[0]!;
    expect(resolveScan(idx, code)).toMatchObject({
      ok: true,
      value: { kind: 'item', product: { id: water.id } },
    });
    expect(barcodeKey(code)).toBe(`0${code}`);
    expect(idx.byBarcodeText(`0${code}`)?.id).toBe(water.id);
    expect(resolveScan(idx, `]C1010${code}`)).toMatchObject({
      ok: true,
      value: { kind: 'item', product: { id: water.id } },
    });
  });

  test('scale labels: 13-digit with amount, 18-digit with weight and amount', () => {
    const label13 = ean13('201000101536');
    expect(resolveScan(idx, label13)).toMatchObject({
      ok: true,
      value: { kind: 'item', labelAmount: 1536, quantity: null, product: { plu: '10001' } },
    });
    const body = '20' + '10002' + '01250' + '00873';
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(body[i]) * ((17 - i) % 2 === 1 ? 3 : 1);
    const label18 = body + String((10 - (sum % 10)) % 10);
    expect(resolveScan(idx, label18)).toMatchObject({
      ok: true,
      value: { quantity: 1250, labelAmount: 873, product: { plu: '10002' } },
    });
  });

  test('bad check digit, unknown product, receipt and payment codes', () => {
    expect(resolveScan(idx, '6921000000003')).toMatchObject({ ok: false, code: 'BAD_CODE' });
    expect(resolveScan(idx, ean13('690000000000'))).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(resolveScan(idx, 'SH001-01-00000012')).toMatchObject({
      ok: true,
      value: { kind: 'receipt' },
    });
    expect(resolveScan(idx, '134567890123456789', 'payment')).toMatchObject({
      ok: true,
      value: { kind: 'payment', provider: 'wechat' },
    });
  });

  test('search by initials, name, SKU; by category including ancestors; updates and removal stay in step', () => {
    expect(idx.search('KKKL')[0]?.name.zh).toContain('可口可乐');
    expect(idx.search('牛奶').map((p) => p.name.zh)).toEqual(
      expect.arrayContaining(['伊利纯牛奶 250ml×16']),
    );
    const produce = data.categories.find((c) => c.name.zh === '生鲜')!;
    expect(idx.inCategory(produce.id).length).toBe(5);
    idx.put({ ...water, barcodes: ['6921000999995'] });
    expect(idx.byBarcodeText(water.barcodes[0]!)).toBeUndefined();
    expect(idx.byBarcodeText('6921000999995')?.id).toBe(water.id);
    idx.remove(water.id);
    expect(idx.search('NFSQ')).toEqual([]);
  });
});

describe('CSV import', () => {
  test('good rows imported, bad rows reported by line number, re-import updates by SKU', async () => {
    expect(parseCsvLine('a,"b ""c"", d",e')).toEqual(['a', 'b "c", d', 'e']);
    expect(parseCsvLine('a,"b')).toBeNull();
    const storeId = ulid();
    const rows = [
      'sku,barcodes,name_zh,name_en,unit,sold_by,price,member_price,tax_rate,category,plu,brand',
    ];
    for (let i = 0; i < 500; i++) {
      rows.push(
        `S${i},${ean13(`69310000${String(i).padStart(4, '0')}`)},商品${i},Item ${i},piece,piece,${(i % 50) + 1}.50,,13,C${i % 5},,`,
      );
    }
    rows.push('BAD1,,坏价格,,piece,piece,12.345,,13,,,'); // line 502
    rows.push('S1,,重复,,piece,piece,1,,13,,,'); // 503: duplicate SKU
    rows.push('W1,,苹果,,piece,weight,12.80,,9,,10001,'); // 504: weight with unit piece
    rows.push('X1,"unterminated,,,,,,,,,,'); // 505
    rows.push('Y1,,少列'); // 506
    rows.push('W2,,香蕉,,kg,weight,6.98,5.98,9,C1,10002,'); // 507 ok
    const file = `${tmp.dir}/catalog.csv`;
    writeFileSync(file, rows.join('\n') + '\n');
    const db = await openEdgeDatabase({ dataDir: `${tmp.dir}/db`, synchronous: 'NORMAL' });
    const progress: number[] = [];
    const report = await importCatalogCsv(db, file, {
      storeId,
      batchSize: 200,
      onProgress: (l) => progress.push(l),
    });
    expect(report.imported).toBe(501);
    expect(report.categoriesCreated).toBe(5);
    expect(report.rejected.map((r) => r.line)).toEqual([502, 503, 504, 505, 506]);
    expect(report.rejected[0]!.reason).toContain('12.345');
    expect(report.rejected[1]!.reason).toContain('line 3');
    expect(report.rejected[2]!.reason).toContain('unit');
    expect(progress.length).toBeGreaterThan(2);
    expect(await db.rx.products.count().exec()).toBe(501);
    expect(await db.rx.prices.count().exec()).toBe(502);

    const again = await importCatalogCsv(db, file, { storeId });
    expect(again.imported).toBe(501);
    expect(await db.rx.products.count().exec()).toBe(501);
    expect(await db.rx.prices.count().exec()).toBe(502);
    await db.close();
  });

  test('a file without the required columns is rejected at line 1', async () => {
    const file = `${tmp.dir}/bad.csv`;
    writeFileSync(file, 'sku,name\nA,b\n');
    const db = await openEdgeDatabase({ dataDir: `${tmp.dir}/db2`, synchronous: 'NORMAL' });
    const r = await importCatalogCsv(db, file, { storeId: ulid() });
    expect(r.imported).toBe(0);
    expect(r.rejected[0]).toMatchObject({ line: 1 });
    expect(r.rejected[0]!.reason).toContain('name_zh');
    await db.close();
  });
});
