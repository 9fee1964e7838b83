import { ulid, type Member, type OnlineOrder, type Order } from '@mendian/protocol';

/** A valid two-line sale: one piece line with a promotion, one weighed line. */
export function sampleOrder(overrides: Partial<Order> = {}): Order {
  const base: Order = {
    schemaVersion: 1,
    id: ulid(),
    kind: 'sale',
    storeId: ulid(),
    storeCode: 'SH001',
    laneCode: '01',
    receiptNo: 'SH001-01-00000042',
    cashierId: ulid(),
    shiftId: ulid(),
    memberId: null,
    lines: [
      {
        lineId: '1',
        productId: ulid(),
        sku: '6901234567892',
        name: { zh: '农夫山泉 550ml', en: 'Nongfu Spring 550ml' },
        soldBy: 'piece',
        quantity: 2,
        unitPrice: 200,
        grossAmount: 400,
        discounts: [
          {
            reason: { source: 'promotion', code: 'P2HALF', name: { zh: '第二件半价' } },
            amount: 100,
          },
        ],
        netAmount: 300,
        taxRate: 1300,
        taxAmount: 35,
      },
      {
        lineId: '2',
        productId: ulid(),
        sku: 'APPLE-FUJI',
        name: { zh: '红富士苹果' },
        soldBy: 'weight',
        quantity: 537,
        unitPrice: 1298,
        grossAmount: 697,
        discounts: [],
        netAmount: 697,
        taxRate: 900,
        taxAmount: 58,
      },
    ],
    subtotal: 1097,
    discountTotal: 100,
    rounding: -7,
    total: 990,
    payments: [
      { paymentId: ulid(), method: 'cash', amount: 990, tendered: 1000, change: 10, at: 1 },
    ],
    pointsEarned: 9,
    pointsRedeemed: 0,
    returnOf: null,
    approvals: [],
    createdAt: 1_763_900_000_000,
  };
  return { ...base, ...overrides };
}

export function sampleMember(overrides: Partial<Member> = {}): Member {
  return {
    schemaVersion: 1,
    id: ulid(),
    cardNo: 'M00012345',
    phone: '13812345678',
    name: '王小明',
    birthday: null,
    tier: 'gold',
    tags: ['fresh-lover'],
    consent: { profile: true, marketing: false, presence: false, at: 1000, source: 'online' },
    deviceHashes: [],
    homeStoreId: null,
    provisional: false,
    status: 'active',
    mergedInto: null,
    fieldUpdatedAt: { phone: 1000, name: 1000, tier: 1000, consent: 1000 },
    createdAt: 1000,
    updatedAt: 1000,
    ...overrides,
  };
}

export function sampleOnlineOrder(overrides: Partial<OnlineOrder> = {}): OnlineOrder {
  return {
    schemaVersion: 1,
    id: ulid(),
    channel: 'miniProgram',
    externalNo: 'WX20261123000001',
    storeId: ulid(),
    fulfilment: 'pickup',
    memberId: null,
    customerName: '李女士',
    customerPhoneMasked: '139****0000',
    pickupCode: '4821',
    lines: [
      {
        productId: ulid(),
        sku: 'MILK-1L',
        name: { zh: '鲜牛奶 1L' },
        quantity: 1,
        unitPrice: 1590,
        amount: 1590,
        pickedQuantity: null,
      },
    ],
    total: 1590,
    paid: true,
    status: 'placed',
    history: [{ status: 'placed', at: 1000, by: 'online' }],
    placedAt: 1000,
    updatedAt: 1000,
    ...overrides,
  };
}
