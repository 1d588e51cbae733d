/** SLA rules as the API gives them, and the duration ↔ (value, unit) conversion of the editor. */
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

export interface EditableRule extends SlaRule {
  key: string;
}

export type Unit = 'minute' | 'hour' | 'workingDay';

export const KINDS: Record<SlaRule['subjectType'], string[]> = {
  request: ['response', 'feedback', 'result'],
  work_order: ['response', 'dispatch', 'on_site', 'callback', 'rating'],
};

export function durationOf(r: SlaRule): { value: number; unit: Unit } {
  if (r.workingDays !== null) return { value: r.workingDays, unit: 'workingDay' };
  const m = r.minutes ?? 0;
  return m >= 60 && m % 60 === 0 ? { value: m / 60, unit: 'hour' } : { value: m, unit: 'minute' };
}

export function withDuration(r: SlaRule, value: number, unit: Unit): SlaRule {
  if (unit === 'workingDay') return { ...r, workingDays: value, minutes: null };
  return { ...r, workingDays: null, minutes: unit === 'hour' ? value * 60 : value };
}

let seq = 0;
export const editable = (r: SlaRule): EditableRule => ({ ...r, key: `r${++seq}` });
export const strip = ({ key: _key, ...r }: EditableRule): SlaRule => r;
