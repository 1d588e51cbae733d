/**
 * Property flows in the console (administrator):
 *  - import: a sheet with a bad row shows the row errors and imports nothing; a good sheet imports;
 *  - live updates: a room changed elsewhere updates the open rooms page without reload (SSE);
 *  - editing a room's status and area in the detail drawer.
 */
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { browserSession, shot } from './browser.ts';

const { consoleAs } = browserSession();

/** Opens the rooms page on the detail of a vacant room of the current community. */
async function openVacantRoom(page: Page) {
  const communityId = await currentCommunity(page);
  const res = await page.request.get(`/api/v1/communities/${communityId}/rooms?status=vacant&limit=1`);
  expect(res.status(), await res.text()).toBe(200);
  const room = ((await res.json()) as { items: { id: string; code: string }[] }).items[0];
  await page.goto(`/property/rooms?q=${room.code}&room=${room.id}`);
  return room;
}

const HEADERS = ['楼栋', '单元', '楼层', '房号', '建筑面积', '套内面积', '用途', '状态', '业主姓名', '业主电话'];

async function sheet(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('房屋导入');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The community the console chose after login (it is stored once the switcher has loaded). */
async function currentCommunity(page: Page): Promise<string> {
  return (await page.waitForFunction(() => localStorage.getItem('pms.community'))).jsonValue() as Promise<string>;
}

describe('property flows', () => {
  it('import: bad rows are listed and nothing is written; a good sheet imports', async () => {
    const page = await consoleAs('demo-admin');
    await page.goto('/property/import');
    await page.getByTestId('import-upload').waitFor();
    const communityId = await currentCommunity(page);
    const building = `E${Date.now().toString(36).slice(-4)}`;

    const bad = await sheet([
      [building, '1', 1, '101', 88.5, 70.2, '住宅', '空置', '', ''],
      [building, '1', 1, '102', 'abc', '', '火星', '空置', '', ''],
    ]);
    await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles({ name: 'bad.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bad });
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const text = await errors.innerText();
    expect(text).toContain('3'); // the second data row is sheet row 3
    await shot(page, 'console-import-errors');
    const after = (await (await page.request.get(`/api/v1/communities/${communityId}/rooms?q=${building}`)).json()) as { items: unknown[] };
    expect(after.items).toHaveLength(0);

    const good = await sheet([
      [building, '1', 1, '101', 88.5, 70.2, '住宅', '空置', '', ''],
      [building, '1', 1, '102', 96, '', '商业', '入住', '', ''],
    ]);
    await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles({ name: 'good.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: good });
    await page.getByText('导入成功').waitFor();
    await shot(page, 'console-import-ok');
    const imported = (await (await page.request.get(`/api/v1/communities/${communityId}/rooms?q=${building}`)).json()) as { items: { code: string }[] };
    expect(imported.items.map((r) => r.code).sort()).toEqual([`${building}-1-101`, `${building}-1-102`]);
  });

  it('live: a room changed elsewhere updates the open page without reload', async () => {
    const page = await consoleAs('demo-admin');
    const room = await openVacantRoom(page);
    const table = page.getByTestId('rooms-table');
    await table.getByText('空置').waitFor();
    // Another user (here: the same session through the API) changes the room.
    const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { csrfToken: string };
    const res = await page.request.patch(`/api/v1/rooms/${room.id}`, { data: { status: 'renovating' }, headers: { 'x-csrf-token': me.csrfToken } });
    expect(res.status()).toBe(200);
    await table.getByText('装修中').waitFor({ timeout: 20_000 });
    await page.getByTestId('room-detail').getByText('装修中').waitFor({ timeout: 20_000 });
    await shot(page, 'console-live-update');
  });

  it('edits a room in the detail drawer', async () => {
    const page = await consoleAs('demo-admin');
    const room = await openVacantRoom(page);
    const drawer = page.getByTestId('room-detail');
    await drawer.getByTestId('room-detail-code').waitFor();
    await page.getByRole('button', { name: /编\s*辑/ }).click();
    const form = page.getByTestId('room-edit-form');
    await form.locator('.ant-select').first().click();
    await page.locator('.ant-select-item-option', { hasText: '未售' }).click();
    await form.locator('input.ant-input-number-input').first().fill('101.25');
    await shot(page, 'console-room-edit');
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/rooms/${room.id}`) && r.request().method() === 'PATCH'),
      form.getByRole('button', { name: /保\s*存/ }).click(),
    ]);
    expect(saved.status(), await saved.text()).toBe(200);
    await drawer.getByText('101.25 m²').waitFor();
    const after = (await (await page.request.get(`/api/v1/rooms/${room.id}`)).json()) as { status: string; areaM2: number };
    expect(after).toMatchObject({ status: 'unsold', areaM2: 101.25 });
  });
});
