/** Rooms sorted and filtered by archive code (building-floor-room), with the missing-items list. */
import { useState } from 'react';
import { Input, Space, Switch, Table, Tag } from 'antd';
import { useArchiveRooms, useMissing } from './archiveApi.ts';
import { useArchiveText } from './archiveText.ts';

export function RoomsTab({ communityId, onRoom }: { communityId: string | null; onRoom: (id: string) => void }) {
  const a = useArchiveText();
  const [code, setCode] = useState('');
  const [onlyMissing, setOnlyMissing] = useState(false);
  const rooms = useArchiveRooms(communityId, code);
  const missing = useMissing(communityId);
  const byRoom = new Map((missing.data?.items ?? []).map((m) => [m.roomId, m]));
  const data = (rooms.data?.items ?? []).filter((r) => !onlyMissing || byRoom.has(r.id));
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={`${a('archiveCode')} 1-12-`} onSearch={setCode} style={{ width: 240 }} />
        <Switch checked={onlyMissing} onChange={setOnlyMissing} /> {a('missing')}
      </Space>
      <Table
        size="small" rowKey="id" loading={rooms.isLoading} dataSource={data} pagination={{ pageSize: 50 }}
        onRow={(r) => ({ onClick: () => onRoom(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: a('archiveCode'), dataIndex: 'archiveCode' },
          { title: a('roomCode'), dataIndex: 'code' },
          { title: a('missing'), render: (_, r) => { const m = byRoom.get(r.id); return m ? <Space>{m.missingItems > 0 && <Tag color="red">{m.missingItems}</Tag>}{m.failedFindings && <Tag color="orange">{m.failedFindings}</Tag>}</Space> : null; } },
        ]}
      />
    </>
  );
}
