export { registerSchedule, schedules, ScheduleRegistry, latestSlot, BUSINESS_TZ, type ScheduledWork, type ScheduleOptions } from './schedules.ts';
export { ScheduleRunner, type TickResult, type RunnerOptions } from './runner.ts';
export { jobRuns } from './jobs.tables.ts';
