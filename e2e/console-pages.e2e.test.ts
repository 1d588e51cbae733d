/**
 * Every built console page loads for the administrator without an error, in Chinese and in
 * English; users and roles admin work end to end (create a user, edit a role's permissions).
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

const login = (page: Page, username: string) => loginConsole(page, username);

async function noErrors(page: Page) {
  await page.waitForTimeout(300);
  expect(await page.locator('.ant-alert-error').count()).toBe(0);
}

const PAGES: [string, string, string][] = [
  ['/property/parking', 'parking-table', '车位'],
  ['/property/common-areas', 'common-areas-table', '公共区域'],
  ['/property/equipment', 'equipment-table', '设备'],
  ['/property/import', 'import-upload', '导入房屋'],
  ['/settings/users', 'users-table', '用户'],
  ['/settings/roles', 'roles-table', '角色'],
];

describe('console pages (administrator)', () => {
  it('each built page shows its data without errors', async () => {
    const ctx = await newContext(browser, baseURL);
    const page = await ctx.newPage();
    await login(page, 'demo-admin');
    for (const [path, testId, title] of PAGES) {
      await page.goto(path);
      await page.getByTestId(testId).waitFor();
      expect(await page.locator('.pms-page-title').innerText()).toContain(title);
      await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
      await noErrors(page);
      await shot(page, `console${path.replace(/\//g, '-')}`);
    }
    await page.goto('/settings/calendar?month=2026-10');
    await page.locator('.ant-picker-calendar').waitFor();
    await page.getByText('国庆节').first().waitFor();
    await page.getByText('缺少官方数据').first().waitFor();
    await noErrors(page);
    await shot(page, 'console-settings-calendar');
    await ctx.close();
  });

  it('creates a user with a role and edits a role’s permissions', async () => {
    const ctx = await newContext(browser, baseURL);
    const page = await ctx.newPage();
    await login(page, 'demo-admin');
    await page.goto('/settings/users');
    await page.getByTestId('users-table').locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('user-create').click();
    const modal = page.locator('.ant-modal');
    const username = `e2e-guard-${Date.now().toString(36)}`;
    await modal.locator('#username').fill(username);
    await modal.locator('#name').fill('测试保安');
    await modal.locator('#password').fill('longenough1');
    await modal.getByTestId('role-select-0').click();
    await page.keyboard.type('秩序');
    await page.locator('.ant-select-item-option', { hasText: '秩序维护员' }).click();
    await shot(page, 'console-user-create');
    await modal.getByRole('button', { name: /创\s*建/ }).click();
    await page.getByText('已创建').waitFor();
    await page.getByTestId('users-table').getByText(username).waitFor();
    await shot(page, 'console-users-created');

    // Edit the new user: rename and give a second role.
    await page.getByTestId('users-table').locator('tr', { hasText: username }).getByRole('button', { name: /编\s*辑/ }).click();
    const edit = page.locator('.ant-modal').filter({ hasText: '测试保安' });
    await edit.locator('#name').fill('测试保安甲');
    await edit.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('users-table').getByText('测试保安甲').waitFor();

    await page.goto('/settings/roles');
    const row = page.getByTestId('roles-table').locator('tr', { hasText: '保洁员' });
    await row.getByRole('button').click();
    const drawer = page.locator('.ant-drawer-body');
    await drawer.getByText('房产', { exact: true }).waitFor();
    await shot(page, 'console-role-permissions');
    await drawer.locator('label', { hasText: 'property.manage' }).locator('input').check();
    await page.getByTestId('role-save').click();
    await page.getByText('已保存').waitFor();
    const roles = (await (await page.request.get('/api/v1/roles')).json()) as { items: { code: string; permissions: string[] }[] };
    expect(roles.items.find((r) => r.code === 'cleaner')!.permissions).toContain('property.manage');
    await ctx.close();
  });

  it('switches to English and back, then logs out', async () => {
    const ctx = await newContext(browser, baseURL);
    const page = await ctx.newPage();
    await login(page, 'demo-admin');
    await page.getByTestId('lang-switch').click();
    await page.locator('.pms-brand', { hasText: 'Property Management System' }).waitFor();
    await page.goto('/property/rooms');
    await page.getByTestId('rooms-table').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('rooms-table').innerText()).toContain('Room code');
    await shot(page, 'console-rooms-en');
    await page.getByTestId('lang-switch').click();
    await page.locator('.pms-brand', { hasText: '物业管理系统' }).waitFor();
    // Log out from the user menu: back to the login page.
    await page.getByTestId('user-menu').hover();
    await page.getByText('退出登录').click();
    await page.getByTestId('login-card').waitFor();
    expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);
    await ctx.close();
  });
});
