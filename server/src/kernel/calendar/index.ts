export { BusinessCalendar, DEFAULT_WORKING_HOURS, type CalendarDay, type CalendarData, type WorkingHours } from './business-calendar.ts';
export { calendars, loadCalendar, CalendarCache, type CalendarSource } from './calendar.loader.ts';
export { calendarYears, calendarOverrides } from './calendar.tables.ts';
export { yearsReport, enterYearSchedule, deleteYearSchedule, setOverride, deleteOverride } from './calendar.service.ts';
export { calendarRoutes } from './calendar.routes.ts';
export { officialYears } from './official-data.ts';
