/**
 * KPI numbers of the service loop (R-WO-9) from GET /api/v1/work-orders/kpi?communityId=&month=YYYY-MM:
 * one month per call (rates are fractions 0..1, null when nothing to measure), in total,
 * per work type and per service item. A range of months is several calls.
 */
import { useQueries } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';

export interface Compliance {
  onTime: number;
  of: number;
  rate: number | null;
}

export interface KpiFigures {
  total: number;
  responseCompliance: Compliance;
  onSiteCompliance: Compliance;
  avgResponseMinutes: number | null;
  callbackRate: number | null;
  /** The counts behind callbackRate: completed orders and those called back. */
  callbacks: { done: number; of: number };
  fixedAtCallbackRate: number | null;
  satisfaction: number | null;
  ratedCount: number;
  callbackSatisfaction: number | null;
  /** Supervision (R-WO-7): on time of the owners reached (absent from older servers). */
  punctuality?: Compliance & { notReached: number };
}

export interface KpiMonth extends KpiFigures {
  month: string;
  byType: (KpiFigures & { type: string })[];
  byServiceItem: (KpiFigures & { code: string; name: string })[];
}

/** 'YYYY-MM' of every month from → to (at most 24). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  while ((y < ty || (y === ty && m <= tm)) && out.length < 24) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

export function useKpiMonths(communityId: string | null, months: string[]) {
  return useQueries({
    queries: months.map((month) => ({
      queryKey: ['workorder', 'kpi', communityId, month],
      enabled: !!communityId,
      retry: false,
      staleTime: 5 * 60_000,
      queryFn: () => api.get<KpiMonth>('/api/v1/work-orders/kpi', { communityId, month }),
    })),
  });
}

/** 0.8765 → "87.7%"; null → "—". */
export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10}%`);
export const pct100 = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
