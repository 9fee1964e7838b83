import { fenToYuanString, type Order } from '@mendian/protocol';

export type ReceiptLocale = 'zh-CN' | 'en';

const TEXT = {
  'zh-CN': {
    sale: '购物小票',
    refund: '退货小票',
    reprint: '重印',
    receipt: '单号',
    cashier: '收银员',
    time: '时间',
    item: '商品',
    qty: '数量',
    amount: '金额',
    subtotal: '商品合计',
    discount: '优惠',
    rounding: '抹零',
    total: '应付',
    refundTotal: '应退',
    change: '找零',
    member: '会员',
    points: '本单积分',
    thanks: '谢谢惠顾，欢迎再次光临',
    methods: {
      cash: '现金',
      card: '银行卡',
      wechat: '微信支付',
      alipay: '支付宝',
      unionpay: '云闪付',
      points: '积分',
      storedValue: '储值',
      voucher: '券',
    },
  },
  en: {
    sale: 'SALES RECEIPT',
    refund: 'REFUND RECEIPT',
    reprint: 'REPRINT',
    receipt: 'No.',
    cashier: 'Cashier',
    time: 'Time',
    item: 'Item',
    qty: 'Qty',
    amount: 'Amount',
    subtotal: 'Subtotal',
    discount: 'Discount',
    rounding: 'Rounding',
    total: 'Total',
    refundTotal: 'Refund',
    change: 'Change',
    member: 'Member',
    points: 'Points earned',
    thanks: 'Thank you for shopping with us',
    methods: {
      cash: 'Cash',
      card: 'Card',
      wechat: 'WeChat Pay',
      alipay: 'Alipay',
      unionpay: 'UnionPay',
      points: 'Points',
      storedValue: 'Stored value',
      voucher: 'Voucher',
    },
  },
} as const;

/** receiptline treats | { } ` ^ ~ _ " \ as markup; product names must print as written. */
function esc(text: string): string {
  return text.replace(/[\\|{}~_"`^]/g, (c) => `\\${c}`);
}

function localTime(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    dateStyle: 'short',
    timeStyle: 'medium',
  }).format(at);
}

function qty(soldBy: string, q: number): string {
  return soldBy === 'weight' ? `${(q / 1000).toFixed(3)}kg` : String(q);
}

/**
 * The receipt as a receiptline document: header, lines with each discount and its reason,
 * totals, payments, member points, and a Code 128 barcode of the receipt number for returns.
 */
export function receiptDocument(
  order: Order,
  opts: {
    storeName: string;
    cashierName: string;
    timeZone: string;
    locale: ReceiptLocale;
    reprint?: boolean;
  },
): string {
  const t = TEXT[opts.locale];
  const name = (n: { zh: string; en?: string | undefined }) =>
    esc(opts.locale === 'en' ? (n.en ?? n.zh) : n.zh);
  const y = fenToYuanString;
  const out: string[] = [];
  out.push(`^^^${esc(opts.storeName)}`);
  out.push(`^${order.kind === 'sale' ? t.sale : t.refund}${opts.reprint ? ` (${t.reprint})` : ''}`);
  out.push('');
  out.push(`${t.receipt}: ${order.receiptNo}`);
  out.push(
    `${t.cashier}: ${esc(opts.cashierName)} | ${t.time}: ${localTime(order.createdAt, opts.timeZone)}`,
  );
  out.push('-');
  out.push(`${t.item} | ${t.qty} | ${t.amount}`);
  out.push('-');
  for (const l of order.lines) {
    out.push(`${name(l.name)}`);
    out.push(`  @${y(l.unitPrice)} | ${qty(l.soldBy, l.quantity)} | ${y(l.grossAmount)}`);
    for (const d of l.discounts) out.push(`  ${name(d.reason.name)} | | -${y(d.amount)}`);
  }
  out.push('-');
  out.push(`${t.subtotal} | ${y(order.subtotal)}`);
  if (order.discountTotal > 0) out.push(`${t.discount} | -${y(order.discountTotal)}`);
  if (order.rounding !== 0) out.push(`${t.rounding} | ${y(order.rounding)}`);
  out.push(`"^${order.kind === 'sale' ? t.total : t.refundTotal} | ^${y(order.total)}"`);
  for (const p of order.payments) {
    out.push(`${t.methods[p.method]} | ${y(p.amount)}`);
    if (p.change) out.push(`${t.change} | ${y(p.change)}`);
  }
  if (order.memberId !== null)
    out.push(`${t.member} ${t.points} | ${order.kind === 'sale' ? '' : '-'}${order.pointsEarned}`);
  out.push('-');
  out.push(`{code:${order.receiptNo}; option:code128,2,72,hri}`);
  out.push(`${t.thanks}`);
  return out.join('\n') + '\n';
}
