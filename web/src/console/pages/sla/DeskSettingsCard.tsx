/** 报事防滥用: an owner account's requests per day, and the window in which an identical repeat is refused. */
import { useEffect, useState } from 'react';
import { App, Button, Card, InputNumber, Space } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';

interface DeskSettings {
  maxPerDay: number;
  repeatWindowMinutes: number;
}

export function DeskSettingsCard({ communityId, mayEdit }: { communityId: string | null; mayEdit: boolean }) {
  const w = useWoText();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['sla', 'desk', communityId], enabled: !!communityId, queryFn: () => api.get<DeskSettings>('/api/v1/desk-settings', { communityId }) });
  const [v, setV] = useState<DeskSettings | null>(null);
  useEffect(() => setV(q.data ? { maxPerDay: q.data.maxPerDay, repeatWindowMinutes: q.data.repeatWindowMinutes } : null), [q.data]);

  async function save() {
    try {
      await api.put('/api/v1/desk-settings', { communityId, ...v });
      void qc.invalidateQueries({ queryKey: ['sla', 'desk'] });
      message.success(w('done'));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Card size="small" title={w('settings.desk')} style={{ marginTop: 12 }} loading={q.isLoading}>
      {v && (
        <Space wrap>
          <InputNumber disabled={!mayEdit} min={1} max={1000} value={v.maxPerDay} onChange={(x) => x && setV({ ...v, maxPerDay: x })} addonBefore={w('settings.maxPerDay')} style={{ width: 240 }} />
          <InputNumber disabled={!mayEdit} min={0} max={10080} value={v.repeatWindowMinutes} onChange={(x) => x !== null && setV({ ...v, repeatWindowMinutes: x })} addonBefore={w('settings.repeatWindow')} addonAfter={w('minutes')} style={{ width: 300 }} />
          {mayEdit && (
            <Button type="primary" onClick={() => void save()}>
              {w('confirm')}
            </Button>
          )}
        </Space>
      )}
    </Card>
  );
}
