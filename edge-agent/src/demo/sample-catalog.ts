import {
  categorySchema,
  memberSchema,
  priceSchema,
  productSchema,
  promotionSchema,
  staffSchema,
  storeSchema,
  ulid,
  type Category,
  type Member,
  type Price,
  type Product,
  type Promotion,
  type Staff,
  type Store,
} from '@mendian/protocol';
import { pinyinInitials } from '../catalog/pinyin.js';
import { hashPin, type PinHashParams } from '../staff/pin-hash.js';

/** EAN-13 check digit (GS1 mod 10) of the first 12 digits. */
export function ean13(body12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body12[i]) * (i % 2 === 0 ? 1 : 3);
  return body12 + String((10 - (sum % 10)) % 10);
}

interface Item {
  name: string;
  en: string;
  cat: string;
  price: number;
  member?: number;
  /** PLU for weighed produce (price per kg). */
  plu?: string;
  tax?: number;
}

// Shelf prices as seen in Shanghai supermarkets; barcodes use the 690-695 (China) prefixes.
const ITEMS: Item[] = [
  { name: '农夫山泉饮用天然水 550ml', en: 'Nongfu Spring water 550ml', cat: 'drinks', price: 200 },
  { name: '可口可乐 330ml', en: 'Coca-Cola 330ml', cat: 'drinks', price: 350, member: 300 },
  { name: '康师傅冰红茶 500ml', en: 'Master Kong iced tea 500ml', cat: 'drinks', price: 350 },
  { name: '元气森林气泡水 480ml', en: 'Genki Forest sparkling 480ml', cat: 'drinks', price: 550 },
  {
    name: '伊利纯牛奶 250ml×16',
    en: 'Yili milk 250ml x16',
    cat: 'dairy',
    price: 6590,
    member: 5990,
    tax: 900,
  },
  { name: '蒙牛真果粒 250g', en: 'Mengniu fruit yogurt 250g', cat: 'dairy', price: 450, tax: 900 },
  {
    name: '光明优倍鲜牛奶 950ml',
    en: 'Bright fresh milk 950ml',
    cat: 'dairy',
    price: 1690,
    tax: 900,
  },
  { name: '金龙鱼大米 5kg', en: 'Arawana rice 5kg', cat: 'grocery', price: 4990, tax: 900 },
  {
    name: '鲁花花生油 5L',
    en: 'Luhua peanut oil 5L',
    cat: 'grocery',
    price: 15990,
    member: 14990,
    tax: 900,
  },
  { name: '海天酱油 500ml', en: 'Haday soy sauce 500ml', cat: 'grocery', price: 1290, tax: 900 },
  { name: '老干妈风味豆豉 280g', en: 'Laoganma chili sauce 280g', cat: 'grocery', price: 1150 },
  {
    name: '康师傅红烧牛肉面 5连包',
    en: 'Master Kong beef noodles x5',
    cat: 'grocery',
    price: 1350,
  },
  { name: '乐事薯片原味 70g', en: "Lay's chips 70g", cat: 'snacks', price: 750 },
  { name: '奥利奥夹心饼干 116g', en: 'Oreo 116g', cat: 'snacks', price: 890 },
  { name: '旺旺雪饼 84g', en: 'Want Want rice crackers 84g', cat: 'snacks', price: 650 },
  { name: '德芙丝滑牛奶巧克力 43g', en: 'Dove milk chocolate 43g', cat: 'snacks', price: 990 },
  { name: '青岛啤酒 500ml', en: 'Tsingtao beer 500ml', cat: 'drinks', price: 590 },
  { name: '维达抽纸 3层×10包', en: 'Vinda tissues x10', cat: 'household', price: 2990 },
  { name: '蓝月亮洗衣液 3kg', en: 'Bluemoon detergent 3kg', cat: 'household', price: 5990 },
  { name: '高露洁牙膏 180g', en: 'Colgate toothpaste 180g', cat: 'household', price: 1590 },
  { name: '红富士苹果', en: 'Fuji apples', cat: 'produce', price: 1280, plu: '10001', tax: 900 },
  { name: '香蕉', en: 'Bananas', cat: 'produce', price: 698, plu: '10002', tax: 900 },
  { name: '西红柿', en: 'Tomatoes', cat: 'produce', price: 598, plu: '10003', tax: 900 },
  { name: '黄瓜', en: 'Cucumbers', cat: 'produce', price: 498, plu: '10004', tax: 900 },
  { name: '猪里脊肉', en: 'Pork tenderloin', cat: 'produce', price: 3580, plu: '20001', tax: 900 },
];

const CATEGORIES: Record<string, [string, string]> = {
  drinks: ['饮料酒水', 'Drinks'],
  dairy: ['乳制品', 'Dairy'],
  grocery: ['粮油调味', 'Grocery'],
  snacks: ['休闲零食', 'Snacks'],
  household: ['日用百货', 'Household'],
  produce: ['生鲜', 'Fresh'],
};

export interface SampleData {
  store: Store;
  categories: Category[];
  products: Product[];
  prices: Price[];
  promotions: Promotion[];
  staff: Staff[];
  members: Member[];
  /** PINs of the sample staff, printed by the demo. */
  pins: Record<string, string>;
}

export async function sampleData(
  opts: { storeId?: string; storeCode?: string; at?: number; pinParams?: PinHashParams } = {},
): Promise<SampleData> {
  const at = opts.at ?? Date.now();
  const storeId = opts.storeId ?? ulid();
  const store = storeSchema.parse({
    schemaVersion: 1,
    id: storeId,
    code: opts.storeCode ?? 'SH001',
    name: { zh: '门店演示店 徐汇店', en: 'Mendian Demo Store Xuhui' },
    lanes: [
      { code: '01', name: '1号收银台' },
      { code: '02', name: '2号收银台' },
    ],
    active: true,
    updatedAt: at,
  });
  const catIds = new Map<string, string>();
  const categories = Object.entries(CATEGORIES).map(([code, [zh, en]], i) => {
    const id = ulid();
    catIds.set(code, id);
    return categorySchema.parse({
      schemaVersion: 1,
      id,
      code: `C${i + 1}`,
      name: { zh, en },
      parentId: null,
      updatedAt: at,
    });
  });
  const products: Product[] = [];
  const prices: Price[] = [];
  ITEMS.forEach((it, i) => {
    const weighed = it.plu !== undefined;
    const barcode = ean13(`69${String(21_000_000_00 + i * 7919).slice(0, 10)}`);
    const product = productSchema.parse({
      schemaVersion: 1,
      id: ulid(),
      sku: weighed ? `F${it.plu}` : barcode,
      name: { zh: it.name, en: it.en },
      pinyinInitials: pinyinInitials(it.name),
      barcodes: weighed ? [] : [barcode],
      ...(weighed ? { plu: it.plu } : {}),
      unit: weighed ? 'kg' : 'piece',
      soldBy: weighed ? 'weight' : 'piece',
      taxRate: it.tax ?? 1300,
      categoryId: catIds.get(it.cat) ?? null,
      ownerStoreId: null,
      active: true,
      updatedAt: at,
    });
    products.push(product);
    const price = (kind: 'regular' | 'member', amount: number) =>
      priceSchema.parse({
        schemaVersion: 1,
        id: ulid(),
        productId: product.id,
        storeId: null,
        kind,
        amount,
        validFrom: 0,
        validTo: null,
        updatedAt: at,
      });
    prices.push(price('regular', it.price));
    if (it.member !== undefined) prices.push(price('member', it.member));
  });
  const byName = (zh: string) => products.find((p) => p.name.zh.startsWith(zh))!.id;
  const promo = (
    code: string,
    zh: string,
    en: string,
    rule: unknown,
    extra: Record<string, unknown> = {},
  ) =>
    promotionSchema.parse({
      schemaVersion: 1,
      id: ulid(),
      code,
      name: { zh, en },
      storeIds: null,
      memberOnly: false,
      validFrom: 0,
      validTo: null,
      rule,
      active: true,
      updatedAt: at,
      ...extra,
    });
  const promotions = [
    promo('COLA-2ND-HALF', '可乐第二件半价', 'Cola: 2nd at half price', {
      type: 'nthItem',
      target: { productIds: [byName('可口可乐')] },
      n: 2,
      offRate: 5000,
    }),
    promo('SNACK-3-FOR-20', '零食任选3件20元', 'Any 3 snacks for ¥20', {
      type: 'fixedPriceGroup',
      components: [{ target: { categoryIds: [catIds.get('snacks')!] }, quantity: 3 }],
      price: 2000,
    }),
    promo('BEER-BUY3-GET1', '啤酒买三送一', 'Beer: buy 3 get 1 free', {
      type: 'buyXGetY',
      target: { productIds: [byName('青岛啤酒')] },
      buy: 3,
      reward: { productIds: [byName('青岛啤酒')] },
      get: 1,
      offRate: 10000,
    }),
    promo('FULL-100-20', '全场满100减20', '¥20 off every ¥100', {
      type: 'threshold',
      target: {},
      tiers: [{ threshold: 10000, off: 2000 }],
      repeat: true,
    }),
    promo(
      'MEMBER-FRESH-90',
      '会员生鲜9折',
      'Members: fresh 10% off',
      { type: 'percentOff', target: { categoryIds: [catIds.get('produce')!] }, offRate: 1000 },
      { memberOnly: true, stackGroup: 'fresh' },
    ),
  ];
  const pins: Record<string, string> = { '1001': '1111', '2001': '2222', '9001': '9999' };
  const staffRows: [string, string, Staff['role']][] = [
    ['1001', '王小明', 'cashier'],
    ['2001', '李主管', 'supervisor'],
    ['9001', '张经理', 'manager'],
  ];
  const staff = await Promise.all(
    staffRows.map(async ([staffNo, name, role]) =>
      staffSchema.parse({
        schemaVersion: 1,
        id: ulid(),
        storeId,
        staffNo,
        name,
        role,
        pinHash: await hashPin(pins[staffNo]!, opts.pinParams),
        active: true,
        updatedAt: at,
      }),
    ),
  );
  const members = [
    memberSchema.parse({
      schemaVersion: 1,
      id: ulid(),
      cardNo: 'M00012345',
      phone: '13812345678',
      name: '陈女士',
      birthday: null,
      tier: 'gold',
      tags: [],
      consent: { profile: true, marketing: false, at, source: storeId },
      deviceHashes: [],
      homeStoreId: storeId,
      provisional: false,
      status: 'active',
      mergedInto: null,
      fieldUpdatedAt: {},
      createdAt: at,
      updatedAt: at,
    }),
  ];
  return { store, categories, products, prices, promotions, staff, members, pins };
}
