import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fenToYuanString } from '@mendian/protocol';
import { buildUi } from '../support/build-ui.js';
import {
  chromiumUnavailable,
  launchChromium,
  wedgeScan,
  type Browser,
} from '../support/chromium.js';
import { scaleLabel, startEdgeStore, STOCK_START, type EdgeStore } from '../support/edge-store.js';

/**
 * The cashier's day in real Chromium against a real edge-agent: sign in, open the shift, scan as a
 * keyboard-wedge scanner, a scale label, a member by phone, a promotion, cash with change, the
 * receipt the printer simulator decoded, and the stock the manager sees afterwards.
 */
const SHOTS = fileURLToPath(new URL('../../../test-output/desktop', import.meta.url));
const unavailable = chromiumUnavailable();
if (unavailable) console.warn(`desktop e2e: not run: ${unavailable}`);

describe.skipIf(unavailable !== null)('cashier sale in Chromium', () => {
  let store: EdgeStore;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    store = await startEdgeStore(await buildUi());
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await store?.stop();
  });

  it('sells, prints and shows the stock decreased', { timeout: 120_000 }, async () => {
    const { page, errors } = browser;
    await page.goto(`${store.url}/?lane=01&scanGap=100`);

    // PIN login, typed on the keyboard (the pad's buttons do the same).
    await page.getByTestId('staff-no').waitFor();
    await page.keyboard.type('1001', { delay: 80 });
    await page.keyboard.press('Enter');
    await page.keyboard.type('1111', { delay: 80 });
    await page.screenshot({ path: `${SHOTS}/01-login.png` });
    await page.keyboard.press('Enter');

    // No cart without a shift: open one with a ¥200 float.
    await page.getByTestId('shift-amount').fill('200');
    await page.getByTestId('shift-open').click();
    await page.getByTestId('scan-field').waitFor();

    // Three products as wedge bursts: cola, water, cola (可乐第二件半价 applies to the second).
    const cola = store.product('可口可乐');
    const water = store.product('农夫山泉');
    const pieces = () =>
      (store.rt.lanes.view('01')?.cart.lines ?? []).reduce((n, l) => n + l.quantity, 0);
    for (const [n, p] of [cola, water, cola].entries()) {
      await wedgeScan(page, p.barcodes[0]!);
      await expect.poll(pieces).toBe(n + 1);
    }
    await expect.poll(() => page.getByTestId('line').count()).toBe(2);
    // None of the scanned digits leaked into the scan field as typed text.
    expect(await page.getByTestId('scan-field').inputValue()).toBe('');

    // A weighed item by its scale label: apples for ¥6.40 (1280/kg → 500 g).
    const apples = store.product('红富士苹果');
    await wedgeScan(page, scaleLabel(apples.plu!, 640));
    await expect
      .poll(() => page.locator('[data-testid="line"]', { hasText: '红富士苹果' }).count())
      .toBe(1);

    // Member by phone, typed by a person (slower than any scanner), after F3.
    await page.keyboard.press('F3');
    await page.keyboard.type('13812345678', { delay: 250 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('member').textContent()).toContain('陈女士');

    // The promotion shows on its line by name.
    await expect
      .poll(() => page.getByTestId('line-promo').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('可乐第二件半价')]));
    await page.screenshot({ path: `${SHOTS}/02-sell.png` });

    const cart = store.rt.lanes.view('01');
    expect(cart).toBeTruthy();
    const total = cart!.priced.total;
    const lineCount = cart!.priced.lines.length;
    expect(await page.getByTestId('line').count()).toBe(lineCount);

    // Pay: '+' opens tender; type ¥100 and Enter pays cash.
    await page.keyboard.press('+');
    await page.getByTestId('tender').waitFor();
    await page.screenshot({ path: `${SHOTS}/03-tender.png` });
    await page.keyboard.type('100', { delay: 250 });
    await page.keyboard.press('Enter');
    await page.getByTestId('sale-done').waitFor();
    const receiptNo = (await page.getByTestId('receipt-no').textContent())!.trim();
    const change = (await page.getByTestId('change').textContent())!;
    expect(change).toContain(fenToYuanString(10000 - total));
    await page.screenshot({ path: `${SHOTS}/04-done.png` });

    // The receipt as the printer simulator decoded it.
    const [receipt] = await store.printer.waitForReceipts(1, 10_000);
    const text = receipt!.lines.join('\n');
    expect(text).toContain(receiptNo);
    for (const name of ['可口可乐', '农夫山泉', '红富士苹果', '可乐第二件半价']) {
      expect(text).toContain(name);
    }
    expect(text).toContain(fenToYuanString(total));

    // The manager view: stock of cola went down by the two sold.
    await page.keyboard.press('Enter'); // next customer
    await page.getByTestId('scan-field').waitFor();
    await page.keyboard.press('F12');
    await page.getByTestId('stock-search').fill(cola.sku);
    await page.getByTestId('stock-search').press('Enter');
    const row = page.locator(`[data-testid="stock-rows"] tr[data-sku="${cola.sku}"]`);
    await expect
      .poll(() => row.locator('[data-testid="on-hand"]').textContent())
      .toBe(String(STOCK_START - 2));
    await page.screenshot({ path: `${SHOTS}/05-manager-stock.png` });

    // Back on the sell screen: F7 reprints the last receipt, marked as a reprint.
    await page.getByRole('button', { name: '返回' }).click();
    await page.getByTestId('scan-field').waitFor();
    await page.keyboard.press('F7');
    const receipts = await store.printer.waitForReceipts(2, 10_000);
    expect(receipts[1]!.lines.join('\n')).toContain(receiptNo);
    expect(receipts[1]!.lines.join('\n')).toContain('重印');

    // A return by scanning the receipt's barcode: everything back, with a supervisor's PIN.
    await wedgeScan(page, receiptNo);
    await page.getByTestId('return-lines').waitFor();
    await page.screenshot({ path: `${SHOTS}/06-return.png` });
    await page.getByRole('button', { name: '全部退货' }).click();
    await page.getByTestId('approver-no').fill('2001');
    await page.getByTestId('approver-pin').fill('2222');
    await page.getByTestId('refund').click();
    await page.getByTestId('return-done').waitFor();
    expect(await page.getByTestId('return-done').textContent()).toContain(fenToYuanString(total));
    expect(errors).toEqual([]);
  });

  it(
    'waits visibly while a wallet payment is USERPAYING, then completes',
    { timeout: 60_000 },
    async () => {
      const { page, errors } = browser;
      await page.keyboard.press('Enter'); // leave the return-done screen
      await page.getByTestId('scan-field').waitFor();
      await wedgeScan(page, store.product('农夫山泉').barcodes[0]!);
      await expect.poll(() => page.getByTestId('line').count()).toBe(1);
      await page.keyboard.press('+');
      await page.getByTestId('pay-wallet').click();
      await expect
        .poll(() => page.evaluate('document.activeElement?.dataset.testid'))
        .toBe('tender-field');
      // WeChat Pay code whose sandbox customer confirms after a few status queries (…0002).
      await wedgeScan(page, '134567890123450002');
      // Polled as text, so a failure shows what the lane showed instead.
      const shown = () =>
        page.evaluate(
          `document.querySelector('[data-testid="wallet-waiting"]')?.textContent ?? document.querySelector('[data-testid="tender-message"]')?.textContent ?? document.querySelector('[data-testid="sale-done"]')?.textContent ?? document.querySelector('[data-testid="tender-field"]')?.value ?? 'nothing'`,
        );
      await expect.poll(shown, { timeout: 15_000 }).toContain('等待顾客');
      await page.screenshot({ path: `${SHOTS}/09-wallet-waiting.png` });
      await page.getByTestId('sale-done').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('change').textContent()).toContain('0.00');
      expect(errors).toEqual([]);
    },
  );

  it(
    'shows the X report and closes the shift with a drawer count',
    { timeout: 60_000 },
    async () => {
      const { page, errors } = browser;
      await page.keyboard.press('Enter'); // leave the sale-done screen
      await page.getByTestId('scan-field').waitFor();
      await page.keyboard.press('F11');
      await page.getByRole('button', { name: 'X 报表' }).click();
      await page.getByTestId('x-report').waitFor();
      expect(await page.getByTestId('x-report').locator('tr').count()).toBeGreaterThan(0);
      // Cash out needs a supervisor: the lane asks for one and sends the request again.
      await page.getByTestId('shift-amount').fill('10');
      await page.getByRole('button', { name: '取出现金' }).click();
      await page.getByTestId('approval').waitFor();
      await page.getByTestId('approval-no').fill('2001');
      await page.getByTestId('approval-pin').fill('2222');
      await page.getByTestId('approval-submit').click();
      await expect.poll(() => page.getByText('已记录').count()).toBe(1);
      await page.locator('[data-denomination="10000"]').fill('2');
      await page.getByTestId('shift-close-submit').click();
      await page.getByTestId('shift-closed-next').waitFor();
      await page.screenshot({ path: `${SHOTS}/10-shift-closed.png` });
      // The lane has no shift now: the next step is opening one.
      await page.getByTestId('shift-closed-next').click();
      await page.getByTestId('shift-open').waitFor();
      expect(errors).toEqual([]);
    },
  );
});
