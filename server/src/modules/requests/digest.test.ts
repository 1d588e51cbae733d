import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScheduleRunner } from '../../kernel/jobs/index.ts';
import { loopApp, type Loop } from '../workorders/loop.fixtures.ts';

let L: Loop;
beforeAll(async () => {
  L = await loopApp();
});
afterAll(() => L.t.close());

const digests = (userId: string) => L.q<{ title: string; body: string }>(`SELECT title, body FROM notifications WHERE kind = 'desk.digest' AND recipient_id = $1 AND channel = 'in_app' ORDER BY created_at`, [userId]);

describe('daily digest and morning hand-over (R-DESK-5/6)', () => {
  it('at 17:00 every department gets today’s progress once; at 08:30 the clerks are reminded of the night log', async () => {
    L.t.clock.set('2026-11-24T01:00:00Z'); // 09:00 Shanghai
    const clerk = await L.t.client().login('clerk-a');
    await clerk.post('/api/v1/requests', { communityId: L.seed.a.id, channel: 'phone', description: '厨房漏水' });
    await clerk.post('/api/v1/requests', { communityId: L.seed.a.id, channel: 'phone', description: '投诉楼上装修太吵' });
    const enquiry = (await clerk.post('/api/v1/requests', { communityId: L.seed.a.id, channel: 'phone', description: '请问几点停水' })).body;
    await clerk.post(`/api/v1/requests/${enquiry.id}/reply`, { message: '明早 9 点到 11 点', resolved: true });
    L.t.clock.set('2026-11-24T09:00:30Z'); // 17:00:30
    await L.sweep(); // the leak's and the complaint's 2 h response passed unanswered: overdue
    const runner = new ScheduleRunner(L.t.deps.database);
    expect((await runner.tick(L.t.clock.now())).ran).toContain('desk.daily-digest');
    const eng = await digests(L.seed.staff.engineerA.id);
    expect(eng).toHaveLength(1);
    expect(eng[0].title).toBe('【2026-11-24 报事日报】新增 3，办结 1，处理中 2，超时 2');
    expect(eng[0].body).toBe('water_electric：新增 1，办结 0，处理中 1，超时 1');
    const cs = await digests(L.seed.staff.clerkA.id);
    expect(cs[0].body).toContain('complaint：新增 1');
    expect(cs[0].body).toContain('enquiry：新增 1，办结 1');
    // another node (or a restart) ticking the same slot sends nothing more
    await new ScheduleRunner(L.t.deps.database).tick(L.t.clock.now());
    expect(await digests(L.seed.staff.engineerA.id)).toHaveLength(1);

    L.t.clock.set('2026-11-24T15:00:00Z'); // 23:00
    await (await L.t.client().login('monitor-a')).post('/api/v1/requests', { communityId: L.seed.a.id, channel: 'phone', description: '地库有积水' });
    L.t.clock.set('2026-11-25T00:30:10Z'); // 08:30
    expect((await runner.tick(L.t.clock.now())).ran).toContain('desk.morning-handover');
    const [reminder] = await L.q<{ title: string }>(`SELECT title FROM notifications WHERE kind = 'desk.handover' AND recipient_id = $1`, [L.seed.staff.clerkA.id]);
    expect(reminder.title).toBe('夜间报事交接：1 件待接收');
  });
});
