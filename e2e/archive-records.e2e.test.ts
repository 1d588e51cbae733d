/**
 * Owner archive in the browser: important events (record → submit → manager files), key-owner
 * profiles, several phones per person, the watermarked print, and 我的信息 in the owner app.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, loginConsole, newContext, shot } from './browser.ts';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function openTab(page: Page, name: string) {
  await page.goto('/archive');
  await page.getByRole('tab', { name }).click();
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
}

describe('owner archive records (console)', () => {
  const title = `电梯困人 ${Date.now() % 100000}`;

  it('a clerk records an event with a complaint reference and submits it; the manager files it', async () => {
    const ctx = await newContext(browser, baseURL);
    const page = await ctx.newPage();
    await loginConsole(page, 'demo-clerk');
    await openTab(page, '重要事件');
    await page.getByTestId('new-event').click();
    await page.getByTestId('event-title').fill(title);
    await page.locator('.ant-modal textarea').first().fill('2 号梯停在 8-9 层之间，业主被困 40 分钟。');
    await page.getByRole('button', { name: '添加关联' }).click();
    // A complaint number from the paper register (not a record of ours) is kept as typed.
    await page.getByPlaceholder('编号（工单填 No.）').fill('TS-2026-0099');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    const row = page.locator('.ant-tabs-content-active .ant-table-row', { hasText: title });
    await row.waitFor();
    expect(await row.getByTestId('event-status').innerText()).toBe('草稿');
    expect(await row.getByTestId('link-tag').innerText()).toBe('投诉 TS-2026-0099');
    // Clerks cannot file.
    expect(await row.getByTestId('file-event').count()).toBe(0);
    await row.getByRole('button', { name: '提交审核' }).click();
    await row.getByText('待审核').waitFor();
    await ctx.close();

    const mctx = await newContext(browser, baseURL);
    const m = await mctx.newPage();
    await loginConsole(m, 'demo-manager');
    await openTab(m, '重要事件');
    const mrow = m.locator('.ant-tabs-content-active .ant-table-row', { hasText: title });
    await mrow.getByTestId('file-event').click();
    await m.getByTestId('review-note').fill('已审阅，归档');
    await m.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await mrow.getByText('已归档').waitFor();
    await shot(m, 'console-archive-events');
    await mctx.close();
  });

  it('key-owner profile: the clerk creates one for a person; it lists with its linked record', async () => {
    const ctx = await newContext(browser, baseURL);
    const page = await ctx.newPage();
    await loginConsole(page, 'demo-clerk');
    await openTab(page, '重点业户');
    await page.getByTestId('new-key-owner').click();
    await page.getByTestId('key-owner-person').click();
    const option = page.locator('.ant-select-item-option').first();
    const person = (await option.innerText()).split(' ')[0];
    await option.click();
    await page.locator('.ant-modal textarea').nth(3).fill('独居，需每周回访');
    await page.getByRole('button', { name: '添加关联' }).click();
    await page.getByPlaceholder('编号（工单填 No.）').fill('TS-2026-0100');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    const row = page.locator('.ant-tabs-content-active .ant-table-row', { hasText: person });
    await row.waitFor();
    expect(await row.innerText()).toContain('独居，需每周回访');
    await shot(page, 'console-archive-key-owners');
    await ctx.close();
  });

  it('several phones: the archive admin adds a family phone, reveals it (logged) and prints with the watermark', async () => {
    const ctx = await newContext(browser, baseURL);
    const page = await ctx.newPage();
    await loginConsole(page, 'demo-archive');
    await openTab(page, '人员');
    await page.locator('.ant-tabs-content-active .ant-table-row').first().click();
    await page.getByTestId('edit-phones').click();
    await page.getByRole('button', { name: '添加电话' }).click();
    const phone = `139${String(Date.now()).slice(-8)}`;
    const masked = `139****${phone.slice(-4)}`;
    await page.getByTestId('new-phone').fill(`${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`);
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    const family = page.getByTestId('person-phone').filter({ hasText: masked });
    await family.waitFor();
    expect(await family.innerText()).toContain('家属');
    expect((await page.getByTestId('person-phone').allInnerTexts()).join(' ')).not.toContain(phone);
    // Reveal the new phone: a reason is required and the value comes back.
    await family.getByRole('button', { name: '查看完整' }).click();
    await page.getByTestId('reveal-reason').fill('联系家属');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    expect(await page.getByTestId('revealed-value').innerText()).toContain(phone);
    await page.keyboard.press('Escape');
    // Print: the server logs it and returns the who/when watermark printed on every page.
    await page.evaluate(() => { window.print = () => undefined; });
    await page.getByTestId('print-person').click();
    await page.getByTestId('print-watermark').waitFor({ state: 'attached' });
    await page.emulateMedia({ media: 'print' });
    const mark = await page.getByTestId('print-watermark').innerText();
    expect(mark).toMatch(/打印人：郑档案\s+打印时间：\d{4}\/\d{1,2}\/\d{1,2}/);
    await shot(page, 'console-archive-person-print');
    await page.emulateMedia({ media: 'screen' });
    const log = (await (await page.request.get('/api/v1/access-log?action=print')).json()) as { items: Array<{ actorName: string }> };
    expect(log.items[0].actorName).toBe('郑档案');
    const reveals = (await (await page.request.get('/api/v1/access-log?action=reveal')).json()) as { items: Array<{ reason: string; detail: { label?: string } }> };
    expect(reveals.items[0]).toMatchObject({ reason: '联系家属', detail: { label: 'family' } });
    await ctx.close();
  });
});
