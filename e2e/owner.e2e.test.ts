/** Owner app on a phone-sized viewport: log in with phone + password and see "我的房屋". */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newContext, shot } from './browser.ts';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('owner app (390×844)', () => {
  it('logs in by phone and lists my rooms', async () => {
    const ctx = await newContext(browser, baseURL, { phone: true });
    const page = await ctx.newPage();
    await page.goto('/app/');
    await page.getByText('业主服务').first().waitFor();
    await shot(page, 'owner-login');
    // The one-time-code tab sends a code and counts down before a resend.
    await page.getByText('验证码登录').click();
    // Any phone gets the same answer (no account enumeration); a fresh one avoids the resend limit.
    await page.locator('#otp-phone').fill(`139${String(Date.now()).slice(-8)}`);
    await page.getByTestId('otp-send').click();
    await page.getByText('验证码已发送').waitFor();
    await page.getByText(/\d+ 秒后重发/).waitFor();
    await shot(page, 'owner-login-otp');
    await page.getByText('密码登录').click();
    await page.locator('#phone').fill('13800000001');
    await page.locator('#owner-password').fill('demo1234');
    await page.getByTestId('owner-login-submit').click();

    await page.getByText('我的房屋').first().waitFor();
    const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { user: { kind: string; rooms: { roomId: string }[] } };
    expect(me.user.kind).toBe('owner');
    expect(me.user.rooms.length).toBeGreaterThan(0);
    const room = (await (await page.request.get(`/api/v1/rooms/${me.user.rooms[0].roomId}`)).json()) as { code: string };
    await page.getByTestId('my-room-code').first().waitFor();
    expect(await page.getByTestId('my-room-code').allInnerTexts()).toContain(room.code);
    // The tab bar: 首页, 报修, 账单, 我的.
    for (const tab of ['首页', '报修', '账单', '我的']) expect(await page.locator('.adm-tab-bar').getByText(tab, { exact: true }).isVisible()).toBe(true);
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'owner-my-rooms');

    // 我的: my rooms again, language, log out → back to the login page.
    await page.locator('.adm-tab-bar').getByText('我的', { exact: true }).click();
    await page.getByText('退出登录').waitFor();
    await shot(page, 'owner-mine');
    await page.getByText('退出登录').click();
    await page.getByTestId('owner-login-submit').waitFor();
    await ctx.close();
  });
});
