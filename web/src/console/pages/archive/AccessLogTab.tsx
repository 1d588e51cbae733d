/** Access-log search (read-only: the log cannot be changed): by staff, action, person, room and date. */
import { useState } from 'react';
import { DatePicker, Input, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import type { AccessEntry } from './archiveApi.ts';
import { useArchiveText } from './archiveText.ts';

export function AccessLogTab({ communityId }: { communityId: string | null }) {
  const a = useArchiveText();
  const [f, setF] = useState<{ action?: string; personId?: string; roomId?: string; actorId?: string; range?: [Dayjs, Dayjs] | null }>({});
  const uuid = (v: string) => (/^[0-9a-f-]{36}$/i.test(v.trim()) ? v.trim() : undefined);
  const q = useQuery({
    queryKey: ['access-log', communityId, f],
    enabled: !!communityId,
    queryFn: () => api.get<{ items: AccessEntry[] }>('/api/v1/access-log', { communityId, action: f.action, personId: f.personId, roomId: f.roomId, actorId: f.actorId, from: f.range?.[0]?.toISOString(), to: f.range?.[1]?.toISOString(), limit: 200 }),
  });
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select allowClear placeholder={a('action')} style={{ width: 140 }} onChange={(v?: string) => setF({ ...f, action: v })} options={['view', 'reveal', 'export', 'print', 'copy', 'import'].map((x) => ({ value: x, label: a(x) }))} />
        <Input.Search allowClear placeholder="person id" style={{ width: 220 }} onSearch={(v) => setF({ ...f, personId: uuid(v) })} />
        <Input.Search allowClear placeholder="room id" style={{ width: 220 }} onSearch={(v) => setF({ ...f, roomId: uuid(v) })} />
        <Input.Search allowClear placeholder="staff id" style={{ width: 220 }} onSearch={(v) => setF({ ...f, actorId: uuid(v) })} />
        <DatePicker.RangePicker onChange={(r) => setF({ ...f, range: (r as [Dayjs, Dayjs] | null) ?? null })} />
      </Space>
      <Table<AccessEntry>
        size="small" rowKey="id" loading={q.isLoading} dataSource={q.data?.items ?? []} pagination={{ pageSize: 50 }}
        columns={[
          { title: a('when'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
          { title: a('who'), dataIndex: 'actorName' },
          { title: a('action'), dataIndex: 'action', render: (v: string) => <Tag color={v === 'reveal' || v === 'export' ? 'red' : 'default'}>{a(v)}</Tag> },
          { title: a('field'), dataIndex: 'field', render: (v: string | null) => (v ? a(v) : '') },
          { title: a('reason'), dataIndex: 'reason' },
          { title: 'person / room', render: (_, r) => <code>{(r.personId ?? r.roomId ?? '').slice(-8)}</code> },
        ]}
      />
    </>
  );
}
