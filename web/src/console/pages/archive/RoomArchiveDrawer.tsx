/** Room archive: people over time, document packages with missing items, filed events, checks. */
import type { ReactNode } from 'react';
import { Alert, App, Button, Drawer, Empty, List, Space, Table, Tabs, Tag } from 'antd';
import { api } from '../../../shared/api.ts';
import { PrintWatermark, usePrintWatermark } from './PrintWatermark.tsx';
import { can, useSession } from '../../../shared/session.ts';
import { RecordItemButton } from './RecordItemButton.tsx';
import { useI18n } from '../../../shared/i18n.tsx';
import { useRoomArchive, type RoomArchive } from './archiveApi.ts';
import { useArchiveText } from './archiveText.ts';

export function RoomArchiveDrawer({ roomId, onClose, onPerson }: { roomId: string | null; onClose: () => void; onPerson: (id: string) => void }) {
  const a = useArchiveText();
  const { lang } = useI18n();
  const q = useRoomArchive(roomId);
  const d = q.data;
  const { data: user } = useSession();
  const manages = !!d && can(user, 'archive.manage', d.room.communityId);
  const { message } = App.useApp();
  const [watermark, printWith] = usePrintWatermark();
  const print = async () => {
    try {
      // Logged by the server, which also returns the who/when watermark for every printed page.
      const r = await api.post<{ watermark: string }>(`/api/v1/rooms/${roomId}/archive/print`, {});
      printWith(r.watermark);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Drawer
      open={!!roomId} width={720} title={d ? `${d.room.archiveCode} · ${d.room.code}` : ''} onClose={onClose}
      extra={d && can(user, 'archive.export', d.room.communityId) && <Button onClick={print} data-testid="print-room">{a('printRoom')}</Button>}
    >
      <PrintWatermark text={watermark} />
      {q.error ? <Alert type="error" title={q.error instanceof Error ? q.error.message : a('noAccess')} /> : null}
      {d && (
        <RoomSections
          printing={!!watermark}
          items={[
            {
              key: 'people', label: a('persons'),
              children: (
                <Table<RoomArchive['occupancies'][number]>
                  size="small" rowKey="id" pagination={false} dataSource={d.occupancies}
                  columns={[
                    { title: a('name'), render: (_, r) => <a onClick={() => onPerson(r.person.id)}>{r.person.name}</a> },
                    { title: a('relation'), dataIndex: 'relation', render: (v: string) => a(v) },
                    { title: a('phones'), render: (_, r) => (r.person.phones.length ? r.person.phones.map((ph) => <div key={ph.id}>{ph.phoneMasked} <Tag bordered={false}>{a(`phone_${ph.label}`)}</Tag></div>) : '—') },
                    { title: a('moveIn'), dataIndex: 'startedOn' },
                    { title: a('moveOut'), dataIndex: 'endedOn', render: (v: string | null, r) => (v ? `${v}${r.endReason === 'transfer' ? ' 过户' : ''}` : <Tag color="green">{a('current')}</Tag>) },
                  ]}
                />
              ),
            },
            {
              key: 'docs', label: a('documents'),
              children: d.packages.length === 0 ? <Empty /> : d.packages.map((p) => (
                <div key={p.id} style={{ marginBottom: 16 }}>
                  <h4>{a(p.kind)} · {p.openedOn} {p.missing.length > 0 && <Tag color="red">{a('missing')} {p.missing.length}</Tag>}</h4>
                  <List size="small" dataSource={p.items} renderItem={(i) => (
                    <List.Item>
                      <span>{lang === 'en-US' ? i.nameEn : i.nameZh}{!i.required && a('optional')}</span>
                      <Space>
                        {i.collected ? <Tag color="green">{a('collected')} {i.receivedOn} {i.fileIds.length ? `· ${i.fileIds.length}` : ''}</Tag> : i.required ? <Tag color="red">{a('notCollected')}</Tag> : <Tag>—</Tag>}
                        {manages && <RecordItemButton communityId={d.room.communityId} packageId={p.id} itemId={i.itemId} fileIds={i.fileIds} collected={i.collected} />}
                      </Space>
                    </List.Item>
                  )} />
                </div>
              )),
            },
            {
              key: 'history', label: a('history'),
              children: (
                <>
                  <h4>{a('events')}</h4>
                  <List size="small" dataSource={d.events} locale={{ emptyText: '—' }} renderItem={(e) => <List.Item>{e.occurredOn} · {e.title}</List.Item>} />
                  <h4>{a('audits')}</h4>
                  <List size="small" dataSource={d.checks} locale={{ emptyText: '—' }} renderItem={(c) => <List.Item><Tag color={c.result === 'fail' ? 'red' : c.result === 'pass' ? 'green' : 'default'}>{a(c.result)}</Tag> {c.findings}</List.Item>} />
                </>
              ),
            },
          ]}
        />
      )}
    </Drawer>
  );
}

/** Tabs on screen; while printing, every section one after another so the printout holds the whole archive. */
function RoomSections({ printing, items }: { printing: boolean; items: Array<{ key: string; label: string; children: ReactNode }> }) {
  if (!printing) return <Tabs items={items} />;
  return <>{items.map((i) => <section key={i.key} style={{ marginBottom: 16 }}><h3>{i.label}</h3>{i.children}</section>)}</>;
}
