/**
 * Billing documents in the console (issue 5): demo-finance sets the bank details printed on due
 * notices, downloads a building's notices as one PDF, and for a room issues an invoice for a
 * payment, sees its number (a sequence apart from receipts) and voids it with a reason.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { shot, browserSession, call } from './browser.ts';

const { consoleAs } = browserSession();

describe('billing documents', () => {
  it('notice PDF for a building; invoice issued for a payment and voided with a reason', async () => {
    const page = await consoleAs('demo-finance');
    const communityId = (await call(page, 'GET', '/api/v1/communities')).body.items[0].id as string;
    for (const period of ['2026-10', '2026-11']) expect((await call(page, 'POST', '/api/v1/billing/runs', { communityId, period })).status).toBe(200);
    const aging = await call(page, 'GET', `/api/v1/arrears/aging?communityId=${communityId}&groupBy=room&limit=3`);
    const room = aging.body.items[0] as { key: string; label: string };
    const open = (await call(page, 'GET', `/api/v1/rooms/${room.key}/bills`)).body.items.filter((b: any) => b.status !== 'paid');
    const pay = await call(page, 'POST', '/api/v1/payments', { roomId: room.key, billIds: [open[0].id], amountFen: open[0].amountFen - open[0].paidFen, method: 'cash' }, { 'idempotency-key': `docs-e2e-${room.key}` });
    expect([200, 201]).toContain(pay.status);

    await page.goto('/fees/documents');
    await page.getByTestId('billing-tab-documents').waitFor();
    await page.locator('#bankAccountNo').fill('4000 0210 0900 1234 567');
    await page.locator('#bankName').fill('中国工商银行深圳分行');
    await page.getByTestId('notice-settings-save').click();
    await page.getByText('已保存').waitFor();

    await page.getByTestId('notice-building').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option').first().click();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('notice-download').click()]);
    const file = await dl.path();
    expect(dl.suggestedFilename()).toMatch(/^notices-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(fs.readFileSync(file!).subarray(0, 5).toString()).toBe('%PDF-');

    await page.getByTestId('docs-room').click();
    await page.keyboard.type(room.label);
    await page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: room.label }).first().click();
    await page.getByTestId('invoice-issue').click();
    await page.locator('.ant-modal .ant-checkbox-input').first().check();
    await page.getByTestId('invoice-buyer').fill('张三');
    await page.getByTestId('invoice-issue-ok').click();
    const row = page.locator('.ant-table-row', { hasText: '张三' }).first();
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/[A-Z]+-FP-\d{8}/);
    await shot(page, 'billing-documents');

    await row.getByRole('button', { name: /作\s*废/ }).click();
    await page.locator('.ant-modal textarea').fill('抬头开错');
    await page.locator('.ant-modal .ant-btn-dangerous').click();
    await page.locator('.ant-table-row', { hasText: '已作废' }).first().waitFor();
    const rec = await call(page, 'GET', `/api/v1/billing/reconciliation?communityId=${communityId}`);
    expect(rec.body.invoices.gapless).toBe(true);
    expect(rec.body.invoices.void).toBeGreaterThanOrEqual(1);
  });
});
