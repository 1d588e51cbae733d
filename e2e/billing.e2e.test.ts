/**
 * The finance clerk's day in the billing console (issue 5, console pages):
 *  - demo-finance finds a room at the payments desk by typing its code and takes a cash payment
 *    with a double click on submit → exactly one payment; the receipt PDF downloads;
 *  - a second payment whose answer is lost on the way back is retried → still charged once;
 *  - a reversal is requested from the room's history; the requester cannot approve it (no right,
 *    and for the manager: not their own request), demo-manager approves → the payment is reversed;
 *  - the dunning preview lists overdue rooms and sends nothing;
 *  - every billing page renders (screenshots), and switches to English.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { shot, browserSession, call } from './browser.ts';

const { consoleAs } = browserSession();

describe('billing console', () => {
  it('payments desk: double click and a lost answer charge once; receipt; reversal approved by someone else; dunning preview', async () => {
    const fin = await consoleAs('demo-finance');
    const communityId = (await call(fin, 'GET', '/api/v1/communities')).body.items[0].id as string;
    // Bills to collect: the demo has fee items but no bills yet; runs are idempotent, so a re-run changes nothing.
    for (const period of ['2026-07', '2026-08', '2026-09', '2026-10']) expect((await call(fin, 'POST', '/api/v1/billing/runs', { communityId, period })).status).toBe(200);
    // A room with open bills (the aging list by room).
    const aging = await call(fin, 'GET', `/api/v1/arrears/aging?communityId=${communityId}&groupBy=room&limit=5`);
    const room = aging.body.items[aging.body.items.length - 1] as { key: string; label: string };
    const paymentsOf = async () => (await call(fin, 'GET', `/api/v1/rooms/${room.key}/payments`)).body.items as Array<{ id: string; receiptNo: string; status: string; amountFen: number }>;
    const before = (await paymentsOf()).length;

    // 1. Keyboard first: the search has focus; type the code, Enter picks it, the amount field takes over.
    await fin.goto('/fees/payments');
    await fin.getByTestId('pay-room').waitFor();
    await fin.keyboard.type(room.label);
    await fin.locator('.ant-select-item-option', { hasText: room.label }).first().waitFor();
    await fin.keyboard.press('Enter');
    await fin.getByTestId('pay-bills').locator('tbody tr.ant-table-row').first().waitFor();
    await fin.keyboard.press('Control+A');
    await fin.keyboard.type('100.00');
    await shot(fin, 'billing-payments-room');

    // 2. Double click on submit → exactly one payment of 100.00.
    await fin.getByTestId('pay-submit').dblclick();
    await fin.getByTestId('pay-receipt-no').waitFor();
    const receiptNo = (await fin.getByTestId('pay-receipt-no').innerText()).split('：').pop()!.trim();
    let list = await paymentsOf();
    expect(list.length).toBe(before + 1);
    expect(list.filter((p) => p.receiptNo === receiptNo)).toEqual([expect.objectContaining({ amountFen: 10000, status: 'confirmed' })]);
    await shot(fin, 'billing-payments-done');

    // The receipt PDF downloads.
    const dl = fin.waitForEvent('download');
    await fin.getByTestId('pay-receipt-download').click();
    const file = await dl;
    expect(file.suggestedFilename()).toBe(`receipt-${receiptNo}.pdf`);
    expect(fs.readFileSync((await file.path())!).subarray(0, 5).toString()).toBe('%PDF-');

    // 3. The next payment's answer is lost on the way back (the server did charge): the clerk retries.
    await fin.getByTestId('pay-next').click();
    let dropped = 0;
    await fin.route('**/api/v1/payments', async (route) => {
      if (dropped++ === 0) {
        await route.fetch(); // reaches the server and is processed…
        await route.abort('connectionreset'); // …but the browser never hears back
      } else await route.continue();
    });
    await fin.getByTestId('pay-amount').fill('50');
    await fin.getByTestId('pay-submit').click();
    await fin.getByTestId('pay-retry-hint').waitFor();
    // The attempt is frozen until it is resolved: nothing about it can change (nor its key).
    expect(await fin.getByTestId('pay-amount').isDisabled()).toBe(true);
    await shot(fin, 'billing-payments-retry');
    await fin.getByTestId('pay-submit').click();
    await fin.getByTestId('pay-receipt-no').waitFor();
    await fin.unroute('**/api/v1/payments');
    list = await paymentsOf();
    expect(list.length).toBe(before + 2);
    expect(list.filter((p) => p.amountFen === 5000)).toHaveLength(1);

    // 4. A reversal of the first payment is requested from the history, with a reason.
    await fin.getByTestId('pay-next').click();
    await fin.getByTestId(`pay-reverse-${receiptNo}`).click();
    await fin.getByTestId('reversal-reason').fill('收款金额录入错误，应冲正后重收');
    await fin.getByTestId('reversal-submit').click();
    await fin.getByTestId('pay-history').getByText('冲正审批中').waitFor();

    // The requester (finance: no approval right) cannot approve; the page says why.
    await fin.goto('/fees/adjustments');
    const finRow = fin.getByTestId(`adj-actions-${room.label}`).first();
    await finRow.waitFor();
    expect(await finRow.getByTestId('adj-approve').isDisabled()).toBe(true);
    await fin.getByText('您没有审批权限').first().waitFor();
    await shot(fin, 'billing-adjustments-finance');

    // 5. The manager: their own request is refused (by the page and by the API); the clerk's is approved.
    const mgr = await consoleAs('demo-manager');
    const second = list.find((p) => p.amountFen === 5000)!;
    const own = await call(mgr, 'POST', `/api/v1/payments/${second.id}/reversal`, { reason: '经理自己申请的冲正' });
    expect(own.status).toBe(201);
    const selfApprove = await call(mgr, 'POST', `/api/v1/payment-adjustments/${own.body.id}/approve`);
    expect([selfApprove.status, selfApprove.body.error.code]).toEqual([409, 'APPROVER_MUST_DIFFER']);
    await mgr.goto('/fees/adjustments');
    await mgr.getByText('您是申请人，须由他人审批').first().waitFor();
    await shot(mgr, 'billing-adjustments-manager');
    const clerkRequest = mgr.locator('tr', { hasText: receiptNo });
    await clerkRequest.getByTestId('adj-approve').click();
    await mgr.getByTestId('adj-approve-ok').click();
    await expect.poll(async () => (await paymentsOf()).find((p) => p.receiptNo === receiptNo)?.status).toBe('reversed');

    // 6. Dunning: the dry-run preview lists overdue rooms and sends nothing.
    const runsBefore = (await call(fin, 'GET', `/api/v1/billing/dunning-runs?communityId=${communityId}`)).body.items.length;
    await fin.goto('/fees/dunning');
    await fin.getByTestId('dunning-law').waitFor();
    await fin.locator('input[data-testid=dunning-days], [data-testid=dunning-days] input').first().fill('15');
    await fin.getByTestId('dunning-preview').click();
    const preview = fin.getByTestId('dunning-preview-result');
    await preview.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await preview.innerText()).toMatch(/预览：\d+ 户/);
    expect((await call(fin, 'GET', `/api/v1/billing/dunning-runs?communityId=${communityId}`)).body.items.length).toBe(runsBefore);
    await shot(fin, 'billing-dunning-preview');
  });

  it('every billing page renders for finance, in Chinese and in English', async () => {
    const fin = await consoleAs('demo-finance');
    const pages: Array<[string, string, string]> = [
      ['/fees', '费用收缴', 'fees'],
      ['/fees/payments', '收费台', 'payments'],
      ['/fees/adjustments', '退款/冲正审批', 'adjustments'],
      ['/fees/dunning', '催缴', 'dunning'],
      ['/fees/late-fees', '违约金条款（按合同）', 'late-fees'],
      ['/fees/public-income', '公共收益台账', 'public-income'],
      ['/fees/reports', '收费报表', 'reports'],
      ['/fees/cash-count', '资金盘点（每日每位收款员）', 'cash-count'],
    ];
    for (const [path, title, name] of pages) {
      await fin.goto(path);
      await fin.locator('.pms-page-title', { hasText: title }).waitFor();
      await shot(fin, `billing-${name}`);
      expect(await fin.locator('.ant-alert-error').count()).toBe(0);
    }
    await fin.goto('/fees/reports');
    await fin.getByTestId('rep-trend-chart').locator('canvas').waitFor();
    await fin.getByTestId('lang-switch').click();
    await fin.locator('.pms-page-title', { hasText: 'Billing reports' }).waitFor();
    await fin.getByText('Collection-rate trend (by month)').waitFor();
    await fin.getByTestId('billing-tab-payments').click();
    await fin.locator('.pms-page-title', { hasText: 'Payments desk' }).waitFor();
    await shot(fin, 'billing-payments-en');
    await fin.getByTestId('lang-switch').click();
  });
});
