/** 派单方式 per work type (assign / grab / round-robin) and the cap of open orders per technician; the empty type is the community default. */
import { useState } from 'react';
import { App, Button, Card, InputNumber, Select, Space, Table } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { REPAIR_TYPES, useWoText } from '../../../shared/workorders/labels.ts';

interface Setting {
  type: string | null;
  mode: 'assign' | 'grab' | 'round_robin';
  maxOpenPerTechnician: number;
}
const MODES = ['assign', 'grab', 'round_robin'] as const;
const DEFAULT = '*';

export function DispatchSettingsCard({ communityId, mayEdit }: { communityId: string | null; mayEdit: boolean }) {
  const w = useWoText();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['sla', 'dispatch', communityId], enabled: !!communityId, queryFn: () => api.get<{ items: Setting[] }>('/api/v1/dispatch-settings', { communityId }) });
  const [type, setType] = useState<string>(DEFAULT);
  const [mode, setMode] = useState<Setting['mode']>('assign');
  const [cap, setCap] = useState<number>(10);

  async function save() {
    try {
      await api.put('/api/v1/dispatch-settings', { communityId, type: type === DEFAULT ? null : type, mode, maxOpenPerTechnician: cap });
      void qc.invalidateQueries({ queryKey: ['sla', 'dispatch'] });
      message.success(w('done'));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  const typeLabel = (t: string | null) => (t === null ? w('settings.defaultType') : w(`category.${t}`, t));
  return (
    <Card size="small" title={w('settings.dispatch')} style={{ marginTop: 12 }} data-testid="dispatch-settings">
      <Table<Setting>
        size="small"
        rowKey={(r) => r.type ?? DEFAULT}
        pagination={false}
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: `${w('settings.defaultType')}：${w('mode.assign')} · 10` }}
        columns={[
          { title: w('type'), dataIndex: 'type', key: 'type', render: typeLabel },
          { title: w('settings.mode'), dataIndex: 'mode', key: 'mode', render: (m: string) => w(`mode.${m}`, m) },
          { title: w('settings.cap'), dataIndex: 'maxOpenPerTechnician', key: 'cap' },
        ]}
      />
      {mayEdit && (
        <Space wrap style={{ marginTop: 8 }}>
          <Select style={{ width: 170 }} value={type} onChange={setType} options={[{ value: DEFAULT, label: w('settings.defaultType') }, ...REPAIR_TYPES.map((t) => ({ value: t, label: w(`category.${t}`) }))]} />
          <Select style={{ width: 110 }} value={mode} onChange={setMode} options={MODES.map((m) => ({ value: m, label: w(`mode.${m}`) }))} />
          <InputNumber min={1} max={200} value={cap} onChange={(v) => v && setCap(v)} addonBefore={w('settings.cap')} style={{ width: 200 }} />
          <Button type="primary" onClick={() => void save()}>
            {w('confirm')}
          </Button>
        </Space>
      )}
    </Card>
  );
}
