/** Archive checks: is the full check due, draw the six-monthly sample, record pass/fail per room. */
import { useState } from 'react';
import { App, Button, Card, Descriptions, Input, Space, Table, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { useArchiveText } from './archiveText.ts';

interface Status {
  rooms: number;
  occupancyRate: number;
  firstMoveIn: string | null;
  fullCheck: { done: boolean; due: boolean; auditId: string | null; reasons: string[]; dueOn: string | null };
  sample: { period: string; size: number; due: boolean; auditId: string | null };
}
interface AuditRoom { roomId: string; roomCode: string; archiveCode: string; result: string; findings: string }

export function AuditsTab({ communityId }: { communityId: string | null }) {
  const a = useArchiveText();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const status = useQuery({ queryKey: ['archive-audit-status', communityId], enabled: !!communityId, queryFn: () => api.get<Status>(`/api/v1/communities/${communityId}/archive/audit-status`) });
  const [auditId, setAuditId] = useState<string | null>(null);
  const current = auditId ?? status.data?.sample.auditId ?? status.data?.fullCheck.auditId ?? null;
  const audit = useQuery({ queryKey: ['archive-audit', current], enabled: !!current, queryFn: () => api.get<{ kind: string; period: string; rooms: AuditRoom[] }>(`/api/v1/archive/audits/${current}`) });
  const fail = (e: unknown) => message.error(e instanceof Error ? e.message : String(e));
  const draw = (kind: 'full' | 'sample') =>
    api.post<{ id: string }>(`/api/v1/communities/${communityId}/archive/audits`, { kind }).then((r) => {
      setAuditId(r.id);
      void qc.invalidateQueries({ queryKey: ['archive-audit-status'] });
    }, fail);
  const record = (roomId: string, result: 'pass' | 'fail', findings: string) =>
    api.put(`/api/v1/archive/audits/${current}/rooms/${roomId}`, { result, findings }).then(() => qc.invalidateQueries({ queryKey: ['archive-audit'] }), fail);
  const s = status.data;
  return (
    <>
      {s && (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Descriptions size="small" column={3}>
            <Descriptions.Item label={a('occupancyRate')}>{s.occupancyRate}% · {s.rooms}</Descriptions.Item>
            <Descriptions.Item label={a('fullCheck')}>
              {s.fullCheck.done ? <Tag color="green">{a('done')}</Tag> : s.fullCheck.due ? <Tag color="red">{a('due')}</Tag> : <Tag>{a('notDue')} {s.fullCheck.dueOn ?? ''}</Tag>}
              {!s.fullCheck.done && <Button size="small" onClick={() => draw('full')}>{a('draw')}</Button>}
            </Descriptions.Item>
            <Descriptions.Item label={`${a('sample')} ${s.sample.period}`}>
              {s.sample.auditId ? <Tag color="green">{a('done')}</Tag> : s.sample.due ? <Tag color="red">{a('due')}</Tag> : <Tag>{a('notDue')}</Tag>}
              {!s.sample.auditId && <Button size="small" onClick={() => draw('sample')}>{a('draw')} ≥5% ({s.sample.size})</Button>}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {audit.data && <AuditRooms rows={audit.data.rooms} onRecord={record} />}
    </>
  );
}

function AuditRooms({ rows, onRecord }: { rows: AuditRoom[]; onRecord: (roomId: string, result: 'pass' | 'fail', findings: string) => void }) {
  const a = useArchiveText();
  const [notes, setNotes] = useState<Record<string, string>>({});
  return (
    <Table<AuditRoom>
      size="small" rowKey="roomId" dataSource={rows} pagination={{ pageSize: 50 }}
      columns={[
        { title: a('archiveCode'), dataIndex: 'archiveCode' },
        { title: a('status'), dataIndex: 'result', render: (v: string) => <Tag color={v === 'fail' ? 'red' : v === 'pass' ? 'green' : 'default'}>{a(v)}</Tag> },
        { title: a('findings'), render: (_, r) => <Input size="small" defaultValue={r.findings} onChange={(e) => setNotes({ ...notes, [r.roomId]: e.target.value })} /> },
        {
          title: '', render: (_, r) => (
            <Space>
              <Button size="small" onClick={() => onRecord(r.roomId, 'pass', notes[r.roomId] ?? r.findings)}>{a('pass')}</Button>
              <Button size="small" danger onClick={() => onRecord(r.roomId, 'fail', notes[r.roomId] ?? r.findings)}>{a('fail')}</Button>
            </Space>
          ),
        },
      ]}
    />
  );
}
