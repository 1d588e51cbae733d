/** 有偿服务目录 (minimal, R-WO-4 / R-SVC-2): code, name, work type, price per unit in fen (entered in yuan, converted without floats). */
import { useState } from 'react';
import { App, Button, Card, Input, Select, Space, Table } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { formatFen } from '../../../shared/format.ts';
import { REPAIR_TYPES, useWoText } from '../../../shared/workorders/labels.ts';
import { yuanToFen } from '../../../shared/workorders/money.ts';

interface Item {
  id: string;
  code: string;
  name: string;
  type: string | null;
  priceFen: number;
  unit: string;
}

export function ServiceItemsCard({ communityId, mayEdit }: { communityId: string | null; mayEdit: boolean }) {
  const w = useWoText();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['workorder', 'service-items', communityId], enabled: !!communityId, queryFn: async () => (await api.get<{ items: Item[] }>('/api/v1/service-items', { communityId })).items });
  const [draft, setDraft] = useState({ code: '', name: '', type: undefined as string | undefined, price: '', unit: '次' });
  const fen = yuanToFen(draft.price);

  async function add() {
    try {
      await api.post('/api/v1/service-items', { communityId, code: draft.code.trim(), name: draft.name.trim(), ...(draft.type ? { type: draft.type } : {}), priceFen: fen, unit: draft.unit.trim() || '次' });
      setDraft({ code: '', name: '', type: undefined, price: '', unit: '次' });
      void qc.invalidateQueries({ queryKey: ['workorder', 'service-items'] });
      message.success(w('done'));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Card size="small" title={w('settings.catalogue')} style={{ marginTop: 12 }}>
      <Table<Item>
        size="small"
        rowKey="id"
        pagination={false}
        loading={q.isLoading}
        dataSource={q.data ?? []}
        columns={[
          { title: w('settings.code'), dataIndex: 'code', key: 'code', width: 100 },
          { title: w('quote.item'), dataIndex: 'name', key: 'name' },
          { title: w('type'), dataIndex: 'type', key: 'type', render: (t: string | null) => (t ? w(`category.${t}`, t) : '—') },
          { title: w('settings.price'), key: 'price', align: 'right' as const, render: (_: unknown, r: Item) => `${formatFen(r.priceFen)} / ${r.unit}` },
        ]}
      />
      {mayEdit && (
        <Space wrap style={{ marginTop: 8 }}>
          <Input style={{ width: 90 }} placeholder={w('settings.code')} value={draft.code} onChange={(e) => setDraft({ ...draft, code: e.target.value })} />
          <Input style={{ width: 160 }} placeholder={w('quote.item')} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          <Select allowClear style={{ width: 110 }} placeholder={w('type')} value={draft.type} onChange={(t) => setDraft({ ...draft, type: t })} options={REPAIR_TYPES.map((t) => ({ value: t, label: w(`category.${t}`) }))} />
          <Input style={{ width: 130 }} prefix="¥" placeholder="0.00" inputMode="decimal" status={draft.price && fen === null ? 'error' : undefined} value={draft.price} onChange={(e) => setDraft({ ...draft, price: e.target.value })} />
          <Input style={{ width: 70 }} value={draft.unit} onChange={(e) => setDraft({ ...draft, unit: e.target.value })} />
          <Button type="primary" disabled={!draft.code.trim() || !draft.name.trim() || fen === null} onClick={() => void add()}>
            {w('settings.addItem')}
          </Button>
        </Space>
      )}
    </Card>
  );
}
