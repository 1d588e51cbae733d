/**
 * The service loop's working views on the demo data (issue 3 gaps):
 *  - the desk shows the proposed classification live while the clerk types, before saving;
 *  - the dispatch board shows each technician's duty, open orders and cap from the server;
 *  - the supervisor's 待督导 list: confirm punctuality with the owner, see it in the detail and timeline.
 */
import { describe, expect, it } from 'vitest';
import { shot, browserSession } from './browser.ts';

const { signedIn } = browserSession();

describe('desk, dispatch board and supervision on the demo data', () => {
  it('desk: the proposal follows the text as the clerk types, before anything is saved', async () => {
    const clerk = await signedIn('demo-clerk');
    await clerk.goto('/desk');
    const preview = clerk.getByTestId('desk-preview');
    await preview.waitFor();
    const before = await (await clerk.request.get('/api/v1/requests', { params: { limit: 1 } })).json();
    await clerk.getByTestId('desk-description').fill('客厅灯不亮');
    await clerk.locator('[data-testid=desk-preview][data-category=water_electric][data-urgency=general]').waitFor();
    await clerk.getByTestId('desk-description').fill('客厅灯不亮，插座冒烟了，有焦糊味');
    await clerk.locator('[data-testid=desk-preview][data-urgency=emergency]').waitFor();
    expect(await preview.innerText()).toContain('冒烟');
    await shot(clerk, 'gaps-desk-live-proposal');
    // nothing was filed by typing
    const after = await (await clerk.request.get('/api/v1/requests', { params: { limit: 1 } })).json();
    expect(after.items[0].id).toBe(before.items[0].id);
    // the recent list shows room codes straight from the list
    const codes = await clerk.getByTestId('desk-recent-item').allInnerTexts();
    expect(codes.some((t) => /\d+-\d+-\d{3,4}/.test(t))).toBe(true);
  });

  it('dispatch board: every technician with duty, open orders and the cap; cards of the demo month', async () => {
    const dispatcher = await signedIn('demo-dispatcher');
    await dispatcher.goto('/dispatch');
    const loads = dispatcher.getByTestId('tech-load');
    await loads.first().waitFor();
    expect(await loads.count()).toBe(3);
    const text = await dispatcher.getByTestId('board-load').innerText();
    for (const name of ['李师傅', '孙师傅', '吴师傅']) expect(text).toContain(name);
    expect(text).toMatch(/\d+ \/ 10/);
    expect(text).toContain('在岗');
    const open = await loads.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-open'))));
    expect(open.reduce((s, n) => s + n, 0)).toBeGreaterThan(0);
    await dispatcher.getByTestId('board-card').first().waitFor();
    await shot(dispatcher, 'gaps-dispatch-board-load');
  });

  it('supervision: 待督导 lists orders past their appointment; the supervisor records "late by N minutes"; detail and timeline show it', async () => {
    const sup = await signedIn('demo-supervisor');
    await sup.goto('/work-orders?tab=supervision');
    const table = sup.getByTestId('supervision-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    await shot(sup, 'gaps-supervision-list');
    const rows = await table.locator('tbody tr.ant-table-row').count();
    await table.getByTestId('sup-open').first().click();
    const detail = sup.getByTestId('wo-detail');
    await detail.waitFor();
    await sup.getByTestId('wo-action-supervise').click();
    await sup.getByTestId('supervise-result').getByText('迟到').click();
    await sup.locator('input[data-testid=supervise-late-minutes], [data-testid=supervise-late-minutes] input').first().fill('15');
    await sup.getByTestId('supervise-note').fill('业主说师傅晚到了一刻钟，已致歉');
    await sup.getByTestId('action-submit').click();
    await sup.locator('[data-testid=wo-supervision][data-result=late]').waitFor();
    expect(await sup.getByTestId('wo-supervision').innerText()).toContain('迟到 15 分钟');
    const timeline = await sup.getByTestId('wo-timeline').innerText();
    expect(timeline).toContain('督导');
    expect(timeline).toContain('刘主管（部门主管）');
    await sup.getByTestId('wo-supervision').scrollIntoViewIfNeeded();
    await shot(sup, 'gaps-wo-detail-supervision');
    await sup.keyboard.press('Escape');
    await expect.poll(async () => table.locator('tbody tr.ant-table-row').count(), { timeout: 10_000 }).toBe(rows - 1);
  });
});
