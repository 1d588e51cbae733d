export type { ClockDuration, StartClock, ClockView, ClockSummary, DeadlineHandler, DueFiring, Firing, SubjectRef } from './contract.ts';
export { startClock, pauseClock, resumeClock, meetClock, cancelClock, changeDuration, getClocks, clockSummary } from './clocks.ts';
export { registerDeadlineHandler, fireEach } from './handlers.ts';
export { sweepDeadlines, sweepAllDue, type SweepResult, type SweepOptions } from './sweeper.ts';
export { deadlines } from './deadlines.tables.ts';
export { milestoneAt } from './schedule.ts';
