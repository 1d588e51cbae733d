/** playwright-core on Debian's chromium (no downloaded browsers), plus small helpers for journeys. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const screenshotsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Every page of this test file with its failed API answers and console errors (for failure reports). */
const tracked: Array<{ page: Page; log: string[] }> = [];

function track(page: Page) {
  const log: string[] = [];
  const at = () => new Date().toISOString().slice(11, 23);
  const short = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');
  page.on('console', (m) => {
    if (m.type() === 'error') log.push(`${at()} console: ${m.text().slice(0, 300)}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url().includes('/api/')) void r.text().then((t) => log.push(`${at()} ${r.status()} ${r.request().method()} ${short(r.url())} ${t.slice(0, 300)}`), () => undefined);
  });
  page.on('requestfailed', (r) => log.push(`${at()} failed ${r.method()} ${short(r.url())} ${r.failure()?.errorText ?? ''}`));
  tracked.push({ page, log });
}

// A failed journey leaves evidence in the CI log: every open page's address, the messages on
// screen, its failed API answers and console errors, and a screenshot (e2e/screenshots/fail-*).
beforeEach(({ task, onTestFailed }) => {
  onTestFailed(async () => {
    const attempt = task.result?.retryCount ?? 0;
    for (const [i, { page: p, log }] of tracked.entries()) {
      if (p.isClosed()) continue;
      const name = `fail-${task.name.slice(0, 40).replace(/[^\w\u4e00-\u9fa5-]+/g, '_')}-${attempt}-${i}`;
      await p.screenshot({ path: path.join(screenshotsDir, `${name}.png`) }).catch(() => undefined);
      const onScreen = await p.locator('.ant-message-notice, .ant-notification-notice, .ant-form-item-explain-error, .ant-alert, .adm-toast-main').allInnerTexts().catch(() => []);
      console.log(`[e2e failure] page ${i} ${p.url()}\n  on screen: ${JSON.stringify(onScreen)}\n  ${log.slice(-15).join('\n  ')}\n  screenshot: e2e/screenshots/${name}.png`);
    }
  });
});

export async function newContext(browser: Browser, baseURL: string, opts: { phone?: boolean } = {}): Promise<BrowserContext> {
  const ctx = await browser.newContext({
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(opts.phone ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } : { viewport: { width: 1440, height: 900 } }),
  });
  ctx.on('page', track);
  return ctx;
}

/** Screenshot once spinners are gone and transitions have settled. */
export async function shot(page: Page, name: string) {
  await page.locator('.ant-spin-spinning, .adm-skeleton').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`), fullPage: false });
}

/** Logs a demo staff account into the console from the (Chinese) login page. */
export async function loginConsole(page: Page, username: string, password = 'demo1234') {
  await page.goto('/');
  await page.getByText('员工工作台').waitFor();
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('community-switcher').waitFor();
}

/**
 * One browser for a test file: launched before its tests, closed after them together with every
 * context opened through it. Call at the top level of the file.
 */
export function browserSession() {
  const baseURL = inject('baseURL');
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });
  /** A fresh page in its own context (own cookies); `phone` gives a phone-sized touch viewport. */
  async function page(opts: { phone?: boolean } = {}): Promise<Page> {
    const ctx = await newContext(browser!, baseURL, opts);
    contexts.push(ctx);
    return ctx.newPage();
  }
  return {
    baseURL,
    page,
    /** Signed in through the API (quick): staff by username, owners by phone. */
    async signedIn(username: string, opts: { phone?: boolean } = {}): Promise<Page> {
      const p = await page(opts);
      const res = await p.request.post('/api/v1/auth/login', { data: { username, password: 'demo1234' } });
      if (res.status() !== 200) throw new Error(`login ${username}: ${res.status()} ${await res.text()}`);
      return p;
    },
    /** Signed in through the console's login form, as a person would. */
    async consoleAs(username: string): Promise<Page> {
      const p = await page();
      await loginConsole(p, username);
      return p;
    },
  };
}

/** A JSON API call from a signed-in page (cookie + CSRF token, as the console sends them). */
export async function call<T = any>(page: Page, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body, headers }) => {
      const me = await (await fetch('/api/v1/auth/me')).json();
      const r = await fetch(path, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken ?? '', ...headers }, body: method === 'GET' ? undefined : JSON.stringify(body ?? {}) });
      return { status: r.status, body: await r.json().catch(() => null) };
    },
    { method, path, body, headers },
  );
}
