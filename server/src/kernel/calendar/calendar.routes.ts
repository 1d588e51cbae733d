import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Body, IdParams } from '../http/schemas.ts';
import { AppError } from '../errors/index.ts';
import { communityOf, requireCompanyPermission, requirePermission } from '../permissions/index.ts';
import type { Deps } from '../deps.ts';
import { calendars } from './calendar.loader.ts';
import { daysBetween } from './dates.ts';
import { deleteOverride, deleteYearSchedule, enterYearSchedule, setOverride, yearsReport } from './calendar.service.ts';

const MAX_DAYS = 366;
const DateString = Type.String({ format: 'date' });
const DayView = Type.Object({ date: Type.String(), working: Type.Boolean(), name: Type.String(), source: Type.String() });
const EnteredDay = Type.Object({ date: DateString, name: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });
const OverrideParams = Type.Object({ id: Type.String({ format: 'uuid' }), date: DateString });

export async function calendarRoutes(app: FastifyInstance, opts: { deps: Deps }) {
  const { database, clock } = opts.deps;
  const db = database.db;

  app.get(
    '/api/v1/communities/:id/calendar',
    {
      schema: {
        tags: ['calendar'],
        summary: '小区工作日历 / business calendar of a community (max 366 days)',
        params: IdParams,
        querystring: Type.Object({ from: DateString, to: DateString }),
        response: { 200: Type.Object({ days: Type.Array(DayView) }) },
      },
    },
    async (req) => {
      const actor = req.requireActor();
      const { id } = req.params as { id: string };
      const { from, to } = req.query as { from: string; to: string };
      requirePermission(actor, 'community.read', id);
      await communityOf(db, actor, id);
      const span = daysBetween(from, to) + 1;
      if (span < 1 || span > MAX_DAYS) throw new AppError('CALENDAR_RANGE_INVALID', { max: MAX_DAYS });
      const calendar = await calendars.calendarFor(db, id);
      return { days: calendar.days(from, to) };
    },
  );

  app.get(
    '/api/v1/calendar/years',
    {
      schema: {
        tags: ['calendar'],
        summary: '各年份节假日数据来源 / which years have official or entered holiday data',
        response: {
          200: Type.Object({
            years: Type.Array(Type.Object({ year: Type.Integer(), source: Type.String(), hasOfficialData: Type.Boolean(), enteredAt: Type.Union([Type.String(), Type.Null()]) })),
            lackingOfficialData: Type.Array(Type.Integer()),
          }),
        },
      },
    },
    async (req) => {
      const actor = req.requireActor();
      if (actor.kind !== 'staff') throw new AppError('FORBIDDEN', { permission: 'community.read' });
      const report = await yearsReport(db, actor.companyId, clock.now());
      return { ...report, years: report.years.map((y) => ({ ...y, enteredAt: y.enteredAt?.toISOString() ?? null })) };
    },
  );

  app.put(
    '/api/v1/calendar/years/:year',
    {
      schema: {
        tags: ['calendar'],
        summary: '录入某年节假日与调休安排 / enter a year’s holidays and adjusted working days',
        params: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
        body: Body({ holidays: Type.Array(EnteredDay, { maxItems: 60 }), workdays: Type.Array(EnteredDay, { maxItems: 30 }) }),
      },
    },
    async (req) => {
      const actor = req.requireActor();
      requireCompanyPermission(actor, 'calendar.manage');
      const { year } = req.params as { year: number };
      const body = req.body as { holidays: Array<{ date: string; name: string }>; workdays: Array<{ date: string; name: string }> };
      const row = await enterYearSchedule(db, actor, year, body, clock.now(), req.id);
      return { year, holidays: row.holidays, workdays: row.workdays, enteredAt: row.enteredAt.toISOString() };
    },
  );

  app.delete(
    '/api/v1/calendar/years/:year',
    {
      schema: {
        tags: ['calendar'],
        summary: '删除录入的年度安排（恢复为内置数据）/ remove an entered year (built-in data applies again)',
        params: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
      },
    },
    async (req) => {
      const actor = req.requireActor();
      requireCompanyPermission(actor, 'calendar.manage');
      await deleteYearSchedule(db, actor, (req.params as { year: number }).year, req.id);
      return { ok: true };
    },
  );

  app.put(
    '/api/v1/communities/:id/calendar/overrides/:date',
    {
      schema: {
        tags: ['calendar'],
        summary: '设置小区日历例外 / set a community calendar override',
        params: OverrideParams,
        body: Body({ working: Type.Boolean(), name: Type.String({ maxLength: 40, default: '' }) }),
      },
    },
    async (req) => {
      const actor = req.requireActor();
      const { id, date } = req.params as { id: string; date: string };
      requirePermission(actor, 'calendar.manage', id);
      await communityOf(db, actor, id);
      const body = req.body as { working: boolean; name: string };
      const row = await setOverride(db, actor, id, date, body, clock.now(), req.id);
      return { date: row.date, working: row.working, name: row.name };
    },
  );

  app.delete(
    '/api/v1/communities/:id/calendar/overrides/:date',
    { schema: { tags: ['calendar'], summary: '删除小区日历例外 / remove a community calendar override', params: OverrideParams } },
    async (req) => {
      const actor = req.requireActor();
      const { id, date } = req.params as { id: string; date: string };
      requirePermission(actor, 'calendar.manage', id);
      await communityOf(db, actor, id);
      await deleteOverride(db, actor, id, date, req.id);
      return { ok: true };
    },
  );
}
