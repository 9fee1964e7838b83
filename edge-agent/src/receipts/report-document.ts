import { fenToYuanString, type TenderMethod } from '@mendian/protocol';
import type { XReport, ZReport } from '../shifts/shift-ledger.js';

const METHOD: Record<TenderMethod, string> = {
  cash: '现金 Cash',
  card: '银行卡 Card',
  wechat: '微信 WeChat',
  alipay: '支付宝 Alipay',
  unionpay: '云闪付 UnionPay',
  points: '积分 Points',
  storedValue: '储值 Stored value',
  voucher: '券 Voucher',
};

function time(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(at);
}

function methods(by: Partial<Record<TenderMethod, number>>): string[] {
  return (Object.entries(by) as [TenderMethod, number][]).map(
    ([m, v]) => `${METHOD[m]} | ${fenToYuanString(v)}`,
  );
}

/** X report (shift so far) as a receiptline document, bilingual. */
export function xReportDocument(x: XReport, storeName: string, timeZone: string): string {
  const y = fenToYuanString;
  return [
    `^^${storeName}`,
    `^X 报表 / X report`,
    `收银台 Lane ${x.laneCode} | ${time(x.openedAt, timeZone)} → ${time(x.at, timeZone)}`,
    '-',
    `销售 Sales (${x.salesCount}) | ${y(x.salesTotal)}`,
    `退货 Returns (${x.returnsCount}) | -${y(x.returnsTotal)}`,
    ...methods(x.byMethod),
    '-',
    `备用金 Float | ${y(x.float)}`,
    `存入 Cash in | ${y(x.cashIn)}`,
    `取出 Cash out | -${y(x.cashOut)}`,
    `"应有现金 Expected cash | ${y(x.expectedCash)}"`,
    '',
  ].join('\n');
}

/** Z report (the day) as a receiptline document, bilingual. */
export function zReportDocument(z: ZReport, storeName: string, timeZone: string): string {
  const y = fenToYuanString;
  return [
    `^^${storeName}`,
    `^Z 日结报表 / Z report`,
    z.shifts === 0
      ? '无已结班次 / no closed shifts'
      : `${time(z.from, timeZone)} → ${time(z.to, timeZone)}`,
    '-',
    `班次 Shifts | ${z.shifts}`,
    `销售 Sales (${z.salesCount}) | ${y(z.salesTotal)}`,
    `退货 Returns (${z.returnsCount}) | -${y(z.returnsTotal)}`,
    `"净额 Net | ${y(z.net)}"`,
    ...methods(z.byMethod),
    `长短款 Over/short | ${y(z.overShort)}`,
    '',
  ].join('\n');
}
