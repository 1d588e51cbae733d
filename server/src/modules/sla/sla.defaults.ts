/**
 * The seeds' promises as default rules (seed 000 §一(一)(二), 001 篇2):
 * emergency response 15 min; normal response 2 h; general progress feedback 24 h;
 * result to the owner within 2 working days, then a delay notice every day until closed;
 * dispatch 30 min after acceptance; "repair now" on site 15 min; callback 24 h after
 * completion; the owner's rating window 48 h. Warnings at 50% and 75%; a repeat after
 * the breach escalates to the manager (and, for the result, repeats the delay notice).
 */
export interface SlaRule {
  subjectType: 'request' | 'work_order';
  kind: string;
  category: string | null;
  urgency: string | null;
  minutes: number | null;
  workingDays: number | null;
  milestones: number[];
  repeatEveryMinutes: number | null;
}

const warn = [0.5, 0.75];
const r = (subjectType: SlaRule['subjectType'], kind: string, dur: { minutes: number } | { workingDays: number }, o: Partial<SlaRule> = {}): SlaRule => ({
  subjectType,
  kind,
  category: null,
  urgency: null,
  minutes: 'minutes' in dur ? dur.minutes : null,
  workingDays: 'workingDays' in dur ? dur.workingDays : null,
  milestones: warn,
  repeatEveryMinutes: null,
  ...o,
});

export const DEFAULT_RULES: readonly SlaRule[] = [
  r('request', 'response', { minutes: 15 }, { urgency: 'emergency', repeatEveryMinutes: 15 }),
  r('request', 'response', { minutes: 120 }, { repeatEveryMinutes: 120 }),
  r('request', 'feedback', { minutes: 24 * 60 }, { urgency: 'general', repeatEveryMinutes: 24 * 60 }),
  r('request', 'result', { workingDays: 2 }, { repeatEveryMinutes: 24 * 60 }),
  r('work_order', 'response', { minutes: 15 }, { urgency: 'emergency', repeatEveryMinutes: 15 }),
  r('work_order', 'response', { minutes: 120 }, { repeatEveryMinutes: 120 }),
  r('work_order', 'dispatch', { minutes: 30 }, { repeatEveryMinutes: 30 }),
  r('work_order', 'on_site', { minutes: 15 }, { repeatEveryMinutes: 15 }),
  r('work_order', 'callback', { minutes: 24 * 60 }, { repeatEveryMinutes: 24 * 60 }),
  r('work_order', 'rating', { minutes: 48 * 60 }, { milestones: [] }),
];
