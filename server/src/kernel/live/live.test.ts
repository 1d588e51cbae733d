import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedStandardCompany, type TestApp } from '../testing/index.ts';
import { emit } from '../events/index.ts';

let t: TestApp;
let seed: Awaited<ReturnType<typeof seedStandardCompany>>;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  seed = await seedStandardCompany(t.deps.database.db, t.deps.pii);
  await t.deps.hub.start();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.app.server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
});
afterAll(async () => {
  await t.deps.hub.stop();
  await t.close();
});

/** Opens a real SSE connection as a logged-in user and collects event names. */
async function openStream(username: string, query = '') {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'pass1234' }) });
  const cookie = /pms_sid=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
  const ctrl = new AbortController();
  const res = await fetch(`${base}/api/v1/live${query}`, { headers: { cookie }, signal: ctrl.signal });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const received: Array<{ event: string; data: any }> = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += decoder.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (ev && data) received.push({ event: ev, data: JSON.parse(data) });
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return { received, close: () => ctrl.abort() };
}

const waitFor = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
};

describe('live updates over SSE', () => {
  it('a page subscribed to a community sees its changes without reload; another tenant sees nothing', async () => {
    const clerkA = await openStream('clerk-a', `?communityId=${seed.a.id}`);
    const clerkB = await openStream('clerk-b');
    await new Promise((r) => setTimeout(r, 100));
    await t.deps.database.db.transaction(async (tx) => {
      await emit(tx, { type: 'room.updated', companyId: seed.company.id, communityId: seed.a.id, subjectType: 'room', subjectId: 'r1', payload: { code: '1-1-101' } });
      await emit(tx, { type: 'room.updated', companyId: seed.company.id, communityId: seed.b.id, subjectType: 'room', subjectId: 'r2', payload: { code: '9-9-909' } });
    });
    await waitFor(() => clerkA.received.length >= 1 && clerkB.received.length >= 1);
    expect(clerkA.received.map((r) => r.data.payload.code)).toEqual(['1-1-101']);
    expect(clerkB.received.map((r) => r.data.payload.code)).toEqual(['9-9-909']);
    clerkA.close();
    clerkB.close();
  });

  it('refuses an anonymous stream', async () => {
    const res = await fetch(`${base}/api/v1/live`);
    expect(res.status).toBe(401);
  });
});
