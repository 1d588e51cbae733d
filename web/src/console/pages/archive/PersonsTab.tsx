/** Persons of the community (masked), name filter, exact search by full phone / ID (blind index, POST). */
import { useState } from 'react';
import { App, Button, Input, Space, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { api, download } from '../../../shared/api.ts';
import { can, useSession } from '../../../shared/session.ts';
import { usePersons, type Person } from './archiveApi.ts';
import { useArchiveText } from './archiveText.ts';

export function PersonsTab({ communityId, onPerson }: { communityId: string | null; onPerson: (id: string) => void }) {
  const a = useArchiveText();
  const { message, modal } = App.useApp();
  const { data: user } = useSession();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Person[] | null>(null);
  const list = usePersons(communityId, q);
  const exact = async (v: string) => {
    if (!v.trim()) return setFound(null);
    const key = /^\d{17}[\dXx]$/.test(v.trim()) ? 'idNumber' : 'phone';
    try {
      setFound((await api.post<{ items: Person[] }>('/api/v1/persons/search', { [key]: v.trim() })).items);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };
  const doExport = (reveal: boolean, reason?: string) =>
    download(`/api/v1/communities/${communityId}/owners/export`, reveal ? { reveal: true, reason } : undefined, 'owners.xlsx').catch((e: unknown) => message.error(e instanceof Error ? e.message : String(e)));
  const exportFull = () => {
    let reason = '';
    modal.confirm({ title: a('exportFull'), content: <Input.TextArea placeholder={a('reason')} onChange={(e) => (reason = e.target.value)} />, onOk: () => doExport(true, reason) });
  };
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search allowClear placeholder={a('name')} onSearch={setQ} style={{ width: 200 }} />
        <Input.Search allowClear placeholder={a('searchExact')} onSearch={exact} style={{ width: 300 }} data-testid="exact-search" />
        {can(user, 'archive.export', communityId) && <Button icon={<DownloadOutlined />} onClick={() => doExport(false)}>{a('export')}</Button>}
        {can(user, 'archive.export', communityId) && can(user, 'archive.reveal', communityId) && <Button danger onClick={exportFull}>{a('exportFull')}</Button>}
      </Space>
      <Table<Person>
        size="small" rowKey="id" loading={list.isLoading} dataSource={found ?? list.data?.items ?? []} pagination={{ pageSize: 50 }}
        onRow={(r) => ({ onClick: () => onPerson(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: a('name'), dataIndex: 'name' },
          { title: a('phone'), dataIndex: 'phoneMasked', render: (v: string | null, r) => <>{v ?? '—'}{r.phones.length > 1 && <span style={{ color: '#999' }}> +{r.phones.length - 1}</span>}</> },
          { title: a('idNumber'), dataIndex: 'idNumberMasked' },
        ]}
      />
    </>
  );
}
