/**
 * 优惠与空置 in the browser (issue 5, R-FEE-1/2):
 *  - demo-finance writes the vacancy rate through the form; it stays pending and finance cannot approve it;
 *  - demo-manager approves it; demo-clerk files a vacancy application for a room, a second overlapping one
 *    is refused with the Chinese message and nothing is added;
 *  - the manager approves the application; a fixed reduction for 1-1-1001 is approved and the January run
 *    bills it: the owner app shows gross, discount (rule named) and net.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { shot, browserSession, call } from './browser.ts';

const { consoleAs, page: newPage } = browserSession();

async function pickRoom(page: Page, code: string) {
  await page.getByTestId('vacancy-room').click();
  await page.keyboard.type(code);
  await page.locator('.ant-select-item-option', { hasText: code }).first().click();
}

describe('discounts and vacancy', () => {
  it('rule → approval → vacancy application → refusal of an overlap → approval → discounted bill in the owner app', async ({ task }) => {
    // A retried attempt starts over on what the failed one left: its vacancy rate is withdrawn,
    // and it uses its own rule names and a later year (vacancies and bill runs are per period).
    const attempt = task.result?.retryCount ?? 0;
    const year = 2027 + attempt;
    const tag = attempt ? `（第${attempt + 1}次）` : '';
    const vacancyRule = `空置房按70%收取${tag}`;
    /** This attempt's vacancy application of 1-1-102 in the table. */
    const vacancyRow = (p: Page) => p.getByTestId('vacancy-table').locator('tbody tr').filter({ hasText: `${year}-01-01 ~ ${year}-01-20` });
    const fin = await consoleAs('demo-finance');
    const me = (await call<{ user: { communityIds: string[] } }>(fin, 'GET', '/api/v1/auth/me')).body;
    const communityId = me.user.communityIds[0];
    if (attempt) {
      const left = (await call<{ items: Array<{ id: string; kind: string; status: string }> }>(fin, 'GET', `/api/v1/billing/discount-rules?communityId=${communityId}`)).body.items;
      for (const r of left.filter((x) => x.kind === 'vacancy' && ['pending', 'approved'].includes(x.status))) await call(fin, 'POST', `/api/v1/billing/discount-rules/${r.id}/decision`, { action: 'withdraw' });
    }

    await fin.goto('/fees/discounts');
    await fin.getByTestId('discount-table').waitFor();
    await fin.getByTestId('discount-new').click();
    await fin.getByTestId('discount-kind').click();
    await fin.locator('.ant-select-item-option', { hasText: '空置优惠' }).click();
    await fin.getByTestId('discount-name').fill(vacancyRule);
    await fin.getByTestId('discount-rate').fill('70');
    await fin.getByTestId('discount-from').fill('2026-01-01');
    await fin.getByTestId('discount-reason').fill('2026年经理办公会决议');
    await fin.locator('.ant-modal-footer .ant-btn-primary').click();
    const row = fin.getByTestId(`discount-actions-${vacancyRule}`);
    await row.waitFor();
    // The property fee takes the vacancy discount.
    const wyf = fin.getByTestId('vacancy-item-WYF');
    if ((await wyf.getAttribute('aria-checked')) !== 'true') await wyf.click();
    await fin.waitForFunction(() => document.querySelector('[data-testid="vacancy-item-WYF"]')?.getAttribute('aria-checked') === 'true');
    // Finance wrote it and cannot approve it.
    expect(await row.getByTestId('approve').isDisabled()).toBe(true);
    await shot(fin, 'discounts-pending');

    const mgr = await consoleAs('demo-manager');
    await mgr.goto('/fees/discounts');
    await mgr.getByTestId(`discount-actions-${vacancyRule}`).getByTestId('approve').click();
    await mgr.locator('tr', { has: mgr.getByTestId(`discount-actions-${vacancyRule}`) }).locator('.ant-tag', { hasText: '已批准' }).waitFor();

    const clerk = await consoleAs('demo-clerk');
    await clerk.goto('/fees/discounts');
    await clerk.getByTestId('vacancy-new').click();
    await pickRoom(clerk, '1-1-102');
    await clerk.getByTestId('vacancy-from').fill(`${year}-01-01`);
    await clerk.getByTestId('vacancy-to').fill(`${year}-01-20`);
    await clerk.getByTestId('vacancy-reason').fill('业主出国，房屋空置');
    await clerk.locator('.ant-modal-footer .ant-btn-primary').click();
    await vacancyRow(clerk).getByTestId('vacancy-actions-1-1-102').waitFor();
    const before = (await call<{ items: unknown[] }>(clerk, 'GET', `/api/v1/billing/vacancies?communityId=${communityId}`)).body.items.length;
    await clerk.getByTestId('vacancy-new').click();
    await pickRoom(clerk, '1-1-102');
    await clerk.getByTestId('vacancy-from').fill(`${year}-01-10`);
    await clerk.getByTestId('vacancy-to').fill(`${year}-01-25`);
    await clerk.getByTestId('vacancy-reason').fill('重复登记');
    await clerk.locator('.ant-modal-footer .ant-btn-primary').click();
    await clerk.getByText(`该房屋在 ${year}-01-01 至 ${year}-01-20 已有空置申请，日期不能重叠`).waitFor();
    await shot(clerk, 'vacancy-overlap-refused');
    expect((await call<{ items: unknown[] }>(clerk, 'GET', `/api/v1/billing/vacancies?communityId=${communityId}`)).body.items.length).toBe(before);

    await mgr.reload();
    await vacancyRow(mgr).getByTestId('approve').click();
    await vacancyRow(mgr).locator('.ant-tag', { hasText: '已批准' }).waitFor();

    // A fixed reduction for the demo owner's room, approved, then the January run.
    const room = (await call<{ items: Array<{ id: string }> }>(fin, 'GET', `/api/v1/communities/${communityId}/rooms?q=1-1-1001&limit=1`)).body.items[0];
    const rule = await call<{ id: string }>(fin, 'POST', '/api/v1/billing/discount-rules', { communityId, kind: 'fixed', name: `困难户减免${tag}`, scope: 'room', roomId: room.id, amountFen: 5000, validFrom: `${year}-01-01`, validTo: `${year}-01-31`, reason: '经理办公会决议' });
    expect(rule.status).toBe(201);
    expect((await call(mgr, 'POST', `/api/v1/billing/discount-rules/${rule.body.id}/decision`, { action: 'approve' })).status).toBe(200);
    const run = await call<{ discountedThisAttempt: number }>(fin, 'POST', '/api/v1/billing/runs', { communityId, period: `${year}-01` });
    expect(run.status).toBe(200);
    expect(run.body.discountedThisAttempt).toBeGreaterThanOrEqual(2);

    const owner = await newPage({ phone: true });
    await owner.goto('/app/');
    await owner.getByText('密码登录').click();
    await owner.locator('#phone').fill('13800000001');
    await owner.locator('#owner-password').fill('demo1234');
    await owner.getByTestId('owner-login-submit').click();
    await owner.getByText('我的房屋').first().waitFor();
    await owner.locator('.adm-tab-bar').getByText('账单', { exact: true }).click();
    const line = owner.getByTestId('owner-bill-discount').filter({ hasText: `困难户减免${tag}` }).first();
    await line.waitFor();
    expect(await line.innerText()).toMatch(new RegExp(`原价 ¥[\\d,.]+ · 优惠 −¥50\\.00（困难户减免${tag}）· 应缴 ¥[\\d,.]+`));
    await shot(owner, 'owner-bill-discount');
  });
});
