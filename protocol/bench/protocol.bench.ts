import { percentile, report, timeRuns } from '../../scripts/bench-kit.mjs';
import { allocate, orderSchema, ulid } from '../src/index.js';

function sampleOrder(lines: number) {
  const orderId = ulid();
  const ls = Array.from({ length: lines }, (_, i) => ({
    lineId: String(i + 1),
    productId: ulid(),
    sku: `SKU${i}`,
    name: { zh: `商品${i}`, en: `Item ${i}` },
    soldBy: 'piece' as const,
    quantity: 2,
    unitPrice: 1999,
    grossAmount: 3998,
    discounts: [
      {
        reason: { source: 'promotion' as const, code: 'P1', name: { zh: '第二件半价' } },
        amount: 1000,
      },
    ],
    netAmount: 2998,
    taxRate: 1300,
    taxAmount: 345,
  }));
  return {
    schemaVersion: 1,
    id: orderId,
    kind: 'sale',
    storeId: ulid(),
    storeCode: 'SH001',
    laneCode: '01',
    receiptNo: 'SH001-01-00000001',
    cashierId: ulid(),
    shiftId: ulid(),
    memberId: null,
    lines: ls,
    subtotal: 3998 * lines,
    discountTotal: 1000 * lines,
    rounding: 0,
    total: 2998 * lines,
    payments: [{ paymentId: ulid(), method: 'cash', amount: 2998 * lines, at: Date.now() }],
    pointsEarned: 0,
    pointsRedeemed: 0,
    returnOf: null,
    approvals: [],
    createdAt: Date.now(),
  };
}

const order = sampleOrder(20);
const validate = await timeRuns(() => orderSchema.parse(order), { runs: 2000, warmup: 200 });
const weights = Array.from({ length: 50 }, (_, i) => (i * 7919) % 10007);
const alloc = await timeRuns(() => allocate(123_457, weights), { runs: 5000, warmup: 500 });
const ids = await timeRuns(() => ulid(), { runs: 20000, warmup: 1000 });

const row = (what: string, xs: number[]) => ({
  operation: what,
  runs: xs.length,
  p50_us: percentile(xs, 50) * 1000,
  p99_us: percentile(xs, 99) * 1000,
  per_second: Math.round(1000 / (xs.reduce((a, b) => a + b, 0) / xs.length)),
});
report('protocol', [
  row('validate a 20-line order (zod)', validate),
  row('allocate a discount over 50 lines', alloc),
  row('generate a ULID', ids),
]);
