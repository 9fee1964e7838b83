import { ulid, type Member, type Order, type Price, type Product } from '@mendian/protocol';

let receiptSeq = 0;

export interface OrderLineSpec {
  productId: string;
  sku: string;
  quantity: number;
  unitPrice: number;
}

/** A valid sale (or return) whose totals add up, as checkout would write it. */
export function makeOrder(
  storeId: string,
  storeCode: string,
  opts: {
    lines?: OrderLineSpec[];
    memberId?: string | null;
    pointsEarned?: number;
    pointsRedeemed?: number;
    kind?: 'sale' | 'return';
    returnOf?: string | null;
    restock?: 'sellable' | 'damaged';
    createdAt?: number;
  } = {},
): Order {
  receiptSeq += 1;
  const specs = opts.lines ?? [{ productId: ulid(), sku: 'SKU-1', quantity: 2, unitPrice: 350 }];
  const lines = specs.map((s, i) => ({
    lineId: String(i + 1),
    productId: s.productId,
    sku: s.sku,
    name: { zh: `商品${i + 1}`, en: `Item ${i + 1}` },
    soldBy: 'piece' as const,
    quantity: s.quantity,
    unitPrice: s.unitPrice,
    grossAmount: s.quantity * s.unitPrice,
    discounts: [],
    netAmount: s.quantity * s.unitPrice,
    taxRate: 1300,
    taxAmount: Math.round((s.quantity * s.unitPrice * 13) / 113),
    ...(opts.kind === 'return' ? { restock: opts.restock ?? 'sellable' } : {}),
  }));
  const total = lines.reduce((a, l) => a + l.netAmount, 0);
  const createdAt = opts.createdAt ?? Date.now();
  return {
    schemaVersion: 1,
    id: ulid(),
    kind: opts.kind ?? 'sale',
    storeId,
    storeCode,
    laneCode: '01',
    receiptNo: `${storeCode}-01-${String(receiptSeq).padStart(8, '0')}`,
    cashierId: ulid(),
    shiftId: ulid(),
    memberId: opts.memberId ?? null,
    lines,
    subtotal: total,
    discountTotal: 0,
    rounding: 0,
    total,
    payments: [{ paymentId: ulid(), method: 'cash', amount: total, at: createdAt }],
    pointsEarned: opts.pointsEarned ?? 0,
    pointsRedeemed: opts.pointsRedeemed ?? 0,
    returnOf: opts.returnOf ?? null,
    approvals: [],
    createdAt,
  };
}

export function makeProduct(i: number, ownerStoreId: string | null = null): Product {
  return {
    schemaVersion: 1,
    id: ulid(),
    sku: `P${String(i).padStart(6, '0')}`,
    name: { zh: `商品${i}`, en: `Product ${i}` },
    pinyinInitials: 'SP',
    barcodes: [`69${String(i).padStart(11, '0')}`],
    unit: 'piece',
    soldBy: 'piece',
    taxRate: 1300,
    categoryId: null,
    ownerStoreId,
    active: true,
    updatedAt: Date.now(),
  };
}

export function makePrice(productId: string, storeId: string | null, amount: number): Price {
  return {
    schemaVersion: 1,
    id: ulid(),
    productId,
    storeId,
    kind: 'regular',
    amount,
    validFrom: 0,
    validTo: null,
    updatedAt: Date.now(),
  };
}

export function makeMember(homeStoreId: string | null, phone: string): Member {
  const now = Date.now();
  return {
    schemaVersion: 1,
    id: ulid(),
    cardNo: null,
    phone,
    name: '张三',
    birthday: null,
    tier: 'silver',
    tags: [],
    consent: { profile: true, marketing: false, presence: false, at: now, source: 'store' },
    deviceHashes: [],
    homeStoreId,
    provisional: false,
    status: 'active',
    mergedInto: null,
    fieldUpdatedAt: { phone: now, name: now, tier: now },
    createdAt: now,
    updatedAt: now,
  };
}

/** A document as RxDB sends and the server stores it. */
export function wire<T extends object>(doc: T, deleted = false): Record<string, unknown> {
  return { ...doc, _deleted: deleted };
}
