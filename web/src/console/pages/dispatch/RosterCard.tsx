/** 值班表 for one day: each technician's shift (day / night / all day / off); suggestions prefer who is on duty (R-WO-2). */
import { useEffect, useState } from 'react';
import { App, Button, Card, DatePicker, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { formatDate } from '../../../shared/format.ts';
import type { StaffUser } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';

type Shift = 'day' | 'night' | 'all' | 'off';

export function RosterCard({ communityId, technicians, mayEdit }: { communityId: string | null; technicians: StaffUser[]; mayEdit: boolean }) {
  const w = useWoText();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [day, setDay] = useState<Dayjs>(() => dayjs(formatDate(new Date())));
  const date = day.format('YYYY-MM-DD');
  const q = useQuery({ queryKey: ['workorder', 'roster', communityId, date], enabled: !!communityId, queryFn: () => api.get<{ items: { userId: string; shift: Shift }[] }>('/api/v1/duty-roster', { communityId, from: date, to: date }) });
  const [shifts, setShifts] = useState<Record<string, Shift>>({});
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    setShifts(Object.fromEntries((q.data?.items ?? []).map((e) => [e.userId, e.shift])));
    setDirty(false);
  }, [q.data]);

  // with no roster for the day everyone counts as on duty, so nobody is shown as off
  const hasRoster = (q.data?.items.length ?? 0) > 0;

  async function save() {
    const entries = Object.entries(shifts)
      .filter(([, s]) => s !== 'off')
      .map(([userId, shift]) => ({ userId, shift }));
    try {
      await api.put('/api/v1/duty-roster', { communityId, date, entries });
      void qc.invalidateQueries({ queryKey: ['workorder'] });
      message.success(w('done'));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Card size="small" title={w('roster.title')} style={{ marginTop: 12 }} extra={<DatePicker size="small" value={day} onChange={(d) => d && setDay(d)} allowClear={false} style={{ width: 120 }} />} data-testid="board-roster">
      {!q.isLoading && !hasRoster && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {w('roster.none')}
        </Typography.Text>
      )}
      {technicians.map((u) => (
        <div key={u.id} style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 6 }}>
          <span>{u.name}</span>
          <Select
            size="small"
            style={{ width: 100 }}
            disabled={!mayEdit}
            value={shifts[u.id] ?? (hasRoster ? 'off' : undefined)}
            placeholder={w('roster.unset')}
            onChange={(s: Shift) => (setShifts((x) => ({ ...x, [u.id]: s })), setDirty(true))}
            options={(['day', 'night', 'all', 'off'] as const).map((s) => ({ value: s, label: w(`roster.${s}`) }))}
          />
        </div>
      ))}
      {mayEdit && (
        <Button size="small" type="primary" block disabled={!dirty} style={{ marginTop: 8 }} onClick={() => void save()}>
          {w('roster.save')}
        </Button>
      )}
    </Card>
  );
}
