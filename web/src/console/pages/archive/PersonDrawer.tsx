/** Person page: masked values with reveal per phone (archive.reveal), phones editor, rooms over time, print (watermarked, logged). */
import { useState } from 'react';
import { App, Alert, Button, Descriptions, Drawer, Space, Table, Tag } from 'antd';
import { api } from '../../../shared/api.ts';
import { can, useSession } from '../../../shared/session.ts';
import { usePerson, type PersonDetail } from './archiveApi.ts';
import { RevealDialog } from './RevealDialog.tsx';
import { PhonesEditor } from './PhonesEditor.tsx';
import { PrintWatermark, usePrintWatermark } from './PrintWatermark.tsx';
import { useArchiveText } from './archiveText.ts';

export function PersonDrawer({ personId, communityId, onClose }: { personId: string | null; communityId: string | null; onClose: () => void }) {
  const a = useArchiveText();
  const { message } = App.useApp();
  const { data: user } = useSession();
  const q = usePerson(personId);
  const [reveal, setReveal] = useState<{ field: 'phone' | 'idNumber'; phoneId?: string } | null>(null);
  const [editPhones, setEditPhones] = useState(false);
  const [watermark, printWith] = usePrintWatermark();
  const p = q.data;
  const mayReveal = can(user, 'archive.reveal', communityId);
  const manages = can(user, 'archive.manage', communityId);
  const revealBtn = (field: 'phone' | 'idNumber', phoneId?: string) =>
    mayReveal && <Button size="small" type="link" data-testid={`reveal-${field}${phoneId ? `-${phoneId}` : ''}`} onClick={() => setReveal({ field, phoneId })}>{a('reveal')}</Button>;
  const print = async () => {
    try {
      // The server logs the print and returns the who/when watermark shown on every page.
      const r = await api.post<{ watermark: string }>(`/api/v1/persons/${personId}/print`, {});
      printWith(r.watermark);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Drawer open={!!personId} width={640} title={p?.name ?? ''} onClose={onClose} extra={can(user, 'archive.export', communityId) && <Button onClick={print} data-testid="print-person">{a('print')}</Button>}>
      {q.error ? <Alert type="error" title={q.error instanceof Error ? q.error.message : a('noAccess')} /> : null}
      {p && (
        <>
          {p.access === 'borrowing' && <Alert type="info" showIcon title={a('borrowing')} style={{ marginBottom: 12 }} />}
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={<Space>{a('phones')}{manages && <Button size="small" type="link" onClick={() => setEditPhones(true)} data-testid="edit-phones">{a('editPhones')}</Button>}</Space>}>
              {p.phones.length === 0 ? '—' : (
                <Space direction="vertical" size={2}>
                  {p.phones.map((ph) => (
                    <Space key={ph.id} data-testid="person-phone">
                      <Tag>{a(`phone_${ph.label}`)}</Tag>
                      <span>{ph.phoneMasked}</span>
                      {ph.primary && <Tag color="blue">{a('primary')}</Tag>}
                      {revealBtn('phone', ph.id)}
                    </Space>
                  ))}
                </Space>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={a('idNumber')}>
              <Space>{p.idNumberMasked ?? '—'}{p.idNumberMasked && revealBtn('idNumber')}</Space>
            </Descriptions.Item>
            <Descriptions.Item label="籍贯 / native place">{p.nativePlace ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="户口所在地 / hukou">{p.hukouLocation ?? '—'}</Descriptions.Item>
          </Descriptions>
          <h3 style={{ marginTop: 16 }}>{a('rooms')}</h3>
          <Table<PersonDetail['occupancies'][number]>
            size="small" rowKey="id" pagination={false} dataSource={p.occupancies}
            columns={[
              { title: a('archiveCode'), dataIndex: 'archiveCode' },
              { title: a('roomCode'), dataIndex: 'roomCode' },
              { title: a('relation'), dataIndex: 'relation', render: (v: string) => a(v) },
              { title: a('moveIn'), dataIndex: 'startedOn' },
              { title: a('moveOut'), dataIndex: 'endedOn', render: (v: string | null, r) => (v ? <Tag>{v}{r.endReason === 'transfer' ? ' 过户' : ''}</Tag> : <Tag color="green">{a('current')}</Tag>) },
            ]}
          />
          <RevealDialog personId={p.id} field={reveal?.field ?? null} phoneId={reveal?.phoneId} onClose={() => setReveal(null)} />
          <PhonesEditor person={p} open={editPhones} onClose={() => setEditPhones(false)} />
          <PrintWatermark text={watermark} />
        </>
      )}
    </Drawer>
  );
}
