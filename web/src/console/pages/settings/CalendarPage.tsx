/** 工作日历: the community's business calendar (holidays, 调休, overrides) by month; years lacking official data. */
import { useState } from 'react';
import { Badge, Calendar, Card, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { can, useSession } from '../../../shared/session.ts';
import { useCommunity } from '../../../shared/community.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { CalendarYears } from './CalendarYears.tsx';
import { CalendarDayModal, type CalendarDay } from './CalendarDayModal.tsx';

export function CalendarPage() {
  const { t } = useI18n();
  const { communityId } = useCommunity();
  const { data: user } = useSession();
  const [params] = useSearchParams();
  const [month, setMonth] = useState<Dayjs>(() => (params.get('month') ? dayjs(`${params.get('month')}-01`) : dayjs()));
  const [editing, setEditing] = useState<CalendarDay | null>(null);
  const from = month.startOf('month').subtract(7, 'day').format('YYYY-MM-DD');
  const to = month.endOf('month').add(14, 'day').format('YYYY-MM-DD');
  const cal = useQuery({
    queryKey: ['calendar', communityId, from, to],
    enabled: !!communityId,
    queryFn: async () => (await api.get<{ days: CalendarDay[] }>(`/api/v1/communities/${communityId}/calendar`, { from, to })).days,
  });
  const byDate = new Map((cal.data ?? []).map((d) => [d.date, d]));
  const mayEdit = can(user, 'calendar.manage', communityId);

  return (
    <div>
      <h1 className="pms-page-title">{t('calendar')}</h1>
      <CalendarYears />
      <Card size="small">
        {cal.error ? <ErrorAlert error={cal.error} onRetry={() => void cal.refetch()} /> : null}
        <Calendar
          value={month}
          onPanelChange={(d) => setMonth(d)}
          onSelect={(d, info) => {
            setMonth(d);
            const day = byDate.get(d.format('YYYY-MM-DD'));
            if (mayEdit && info.source === 'date' && day) setEditing(day);
          }}
          cellRender={(d, info) => {
            if (info.type !== 'date') return info.originNode;
            const day = byDate.get(d.format('YYYY-MM-DD'));
            if (!day || day.source === 'weekday' || day.source === 'weekend') return null;
            const label = day.name || (day.working ? t('adjustedWorkday') : t('holiday'));
            return (
              <Tooltip title={day.source === 'override' ? t('dayOverride') : undefined}>
                <Badge status={day.working ? 'processing' : 'error'} color={day.source === 'override' ? 'purple' : undefined} text={day.working && day.name && !day.name.includes('班') ? `${day.name}（${t('working')}）` : label} />
              </Tooltip>
            );
          }}
        />
      </Card>
      {communityId && <CalendarDayModal communityId={communityId} day={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
