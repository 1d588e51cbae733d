/**
 * Staff console journeys (Chinese UI):
 *  - the administrator sees every SPEC domain in the navigation and switches community;
 *  - the demo front-desk clerk finds a room by its code and sees its detail.
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

const DOMAIN_PATHS: [string, string][] = [
  ['前台接待', '/desk'], ['工单', '/work-orders'], ['投诉', '/complaints'], ['巡查', '/inspections'], ['收费', '/fees'], ['应急', '/emergencies'],
  ['业户档案', '/archive'], ['业户服务', '/services'], ['品质', '/quality'], ['门岗', '/gate'], ['公告', '/announcements'], ['投票', '/votes'], ['维修基金', '/fund'], ['工作台', '/'],
];
const NAV_LABELS = ['工作台', '前台接待', '工单', '投诉', '巡查', '收费', '应急', '业户档案', '业户服务', '品质', '门岗', '公告', '投票', '房产', '系统设置'];

describe('staff console', () => {
  it('shows the login page in Chinese', async () => {
    const ctx = await newContext(browser, baseURL);
    const page = await ctx.newPage();
    await page.goto('/');
    await page.getByTestId('login-card').waitFor();
    expect(await page.title()).toBe('物业管理系统');
    expect(await page.getByTestId('login-card').innerText()).toContain('物业管理系统');
    await page.locator('#username').fill('demo-clerk');
    await page.locator('#password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    await shot(page, 'console-login-error');
    await ctx.close();
  });

  it('administrator: navigation covers every domain, community switch reloads the property tree', async () => {
    const ctx = await newContext(browser, baseURL);
    const page = await ctx.newPage();
    await login(page, 'demo-admin');
    const sider = page.locator('.pms-sider');
    for (const label of NAV_LABELS) await expect(sider.getByText(label, { exact: true }).first().isVisible()).resolves.toBe(true);
    await shot(page, 'console-dashboard');

    const communities = (await (await page.request.get('/api/v1/communities')).json()) as { items: { id: string; name: string }[] };
    expect(communities.items.length).toBeGreaterThanOrEqual(2);

    await page.goto('/property/rooms');
    await page.getByTestId('rooms-table').locator('tbody tr.ant-table-row').first().waitFor();
    const switcher = page.getByTestId('community-switcher');
    const before = await switcher.innerText();
    const other = communities.items.find((c) => !before.includes(c.name))!;
    await switcher.click();
    await page.locator('.ant-select-item-option', { hasText: other.name }).click();
    await expect.poll(() => switcher.innerText()).toContain(other.name);
    // The tree shows the other community's buildings (with its room counts).
    const tree = (await (await page.request.get(`/api/v1/communities/${other.id}/tree`)).json()) as { buildings: { name: string; roomCount: number }[] };
    const first = tree.buildings[0];
    await page.getByTestId('building-tree').getByText(`${first.name} (${first.roomCount})`, { exact: true }).waitFor();
    await shot(page, 'console-rooms-switched');

    // The choice is remembered after a reload.
    await page.reload();
    await expect.poll(() => page.getByTestId('community-switcher').innerText()).toContain(other.name);

    // Every domain of the navigation opens: either its page or a tidy placeholder listing its requirement ids.
    let placeholders = 0;
    for (const [label, path] of DOMAIN_PATHS) {
      const t0 = Date.now();
      await page.locator('.pms-sider').getByText(label, { exact: true }).click();
      await page.waitForURL((u) => u.pathname === path);
      const placeholder = page.getByTestId('placeholder');
      await page.locator('.pms-page-title, [data-testid=placeholder]').first().waitFor();
      // The same placeholder component may still show the previous domain for a moment.
      await expect.poll(async () => !(await placeholder.isVisible()) || (await placeholder.innerText()).includes(`${label} · 建设中`)).toBe(true);
      if (await placeholder.isVisible()) {
        placeholders++;
        expect(await placeholder.innerText()).toMatch(new RegExp(`${label} · 建设中[\\s\\S]*R-[A-Z]+-\\d+`));
        if (placeholders === 1) await shot(page, 'console-placeholder');
      }
      if (process.env.E2E_TIMING) console.log(label, Date.now() - t0);
    }
    await ctx.close();
  }, 180_000);

  it('front-desk clerk: finds a room by code and sees its detail', async () => {
    const ctx = await newContext(browser, baseURL);
    const page = await ctx.newPage();
    await login(page, 'demo-clerk');
    const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { user: { communityIds: string[] } };
    expect(me.user.communityIds).toHaveLength(1);
    const list = (await (await page.request.get(`/api/v1/communities/${me.user.communityIds[0]}/rooms?limit=50`)).json()) as { items: { code: string; floor: number }[] };
    const target = list.items[list.items.length - 1];

    await page.locator('.pms-sider').getByText('房产', { exact: true }).click();
    await page.locator('.pms-sider').getByText('房屋', { exact: true }).click();
    await page.getByTestId('rooms-table').locator('tbody tr.ant-table-row').first().waitFor();
    await shot(page, 'console-rooms');

    // "/" focuses the search box; type the code and press Enter.
    await page.locator('.pms-page-title').click();
    await page.keyboard.press('/');
    await page.keyboard.type(target.code);
    await page.keyboard.press('Enter');

    const drawer = page.getByTestId('room-detail');
    await drawer.getByTestId('room-detail-code').waitFor();
    expect(await drawer.getByTestId('room-detail-code').innerText()).toBe(target.code);
    const text = await drawer.innerText();
    for (const label of ['房号', '楼栋', '单元', '楼层', '建筑面积', '套内面积', '用途', '状态', '住户']) expect(text).toContain(label);
    expect(text).toMatch(/\d+\.\d{2} m²/);
    await shot(page, 'console-room-detail');
    await ctx.close();
  });
});
