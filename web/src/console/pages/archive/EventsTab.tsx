/** 重要事件 (R-ARC-5): record, edit while draft/returned, submit; the community manager files or returns it. */
import { useEffect, useState } from 'react';
import { Alert, App, Button, DatePicker, Descriptions, Form, Input, Modal, Segmented, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { can, useSession } from '../../../shared/session.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { EVENT_KINDS, useArchiveRooms, useEvents, type EventStatus, type ImportantEvent } from './archiveApi.ts';
import { LinkTags, LinksField, linksForForm } from './links.tsx';
import { useArchiveText } from './archiveText.ts';

const STATUS_COLOR: Record<EventStatus, string> = { draft: 'default', submitted: 'gold', filed: 'green', returned: 'red' };

export function EventsTab({ communityId, onRoom }: { communityId: string | null; onRoom: (id: string) => void }) {
  const a = useArchiveText();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const { data: user } = useSession();
  const [status, setStatus] = useState<EventStatus | 'all'>('all');
  const list = useEvents(communityId, status === 'all' ? undefined : status);
  const [editing, setEditing] = useState<ImportantEvent | 'new' | null>(null);
  const manages = can(user, 'archive.manage', communityId);
  const reviews = can(user, 'archive.event.review', communityId);
  const refresh = () => qc.invalidateQueries({ queryKey: ['archive-events'] });
  const fail = (e: unknown) => message.error(e instanceof Error ? e.message : String(e));
  const act = (ev: ImportantEvent, action: 'submit' | 'file' | 'return') => {
    if (action === 'submit') return void api.post(`/api/v1/archive/events/${ev.id}/submit`, {}).then(refresh, fail);
    let note = '';
    modal.confirm({
      title: `${a(action === 'file' ? 'fileEvent' : 'returnEvent')} · ${ev.title}`,
      content: <Input.TextArea data-testid="review-note" placeholder={a('reviewNote')} onChange={(e) => (note = e.target.value)} />,
      onOk: () => api.post(`/api/v1/archive/events/${ev.id}/${action}`, { note: note.trim() || undefined }).then(refresh, (e) => { fail(e); throw e; }),
    });
  };
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented<EventStatus | 'all'> value={status} onChange={setStatus} options={(['all', 'draft', 'submitted', 'returned', 'filed'] as const).map((s) => ({ value: s, label: a(s) }))} />
        {manages && <Button type="primary" onClick={() => setEditing('new')} data-testid="new-event">{a('newEvent')}</Button>}
      </Space>
      <Table<ImportantEvent>
        size="small" rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} pagination={{ pageSize: 30 }}
        expandable={{
          expandedRowRender: (ev) => (
            <Descriptions size="small" column={2}>
              <Descriptions.Item label={a('description')} span={2}><span style={{ whiteSpace: 'pre-wrap' }}>{ev.description}</span></Descriptions.Item>
              <Descriptions.Item label={a('person')}>{ev.personName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={a('createdBy')}>{ev.createdByName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={a('reviewer')}>{ev.reviewerName ? `${ev.reviewerName} · ${formatDateTime(ev.reviewedAt)}` : '—'}</Descriptions.Item>
              <Descriptions.Item label={a('reviewNote')}>{ev.reviewNote ?? '—'}</Descriptions.Item>
            </Descriptions>
          ),
        }}
        columns={[
          { title: a('occurredOn'), dataIndex: 'occurredOn', width: 110 },
          { title: a('kind'), dataIndex: 'kind', render: (v: string) => a(v) },
          { title: a('title_'), dataIndex: 'title' },
          { title: a('room'), dataIndex: 'roomCode', width: 100, onCell: () => ({ style: { whiteSpace: 'nowrap' } }), render: (v: string | null, r) => (v && r.roomId ? <a onClick={() => onRoom(r.roomId!)}>{v}</a> : '—') },
          { title: a('links'), dataIndex: 'links', render: (v: ImportantEvent['links']) => <LinkTags links={v} /> },
          { title: a('status'), dataIndex: 'status', render: (v: EventStatus) => <Tag color={STATUS_COLOR[v]} data-testid="event-status">{a(v)}</Tag> },
          {
            title: '', render: (_, ev) => (
              <Space size={4}>
                {manages && (ev.status === 'draft' || ev.status === 'returned') && <Button size="small" onClick={() => setEditing(ev)}>{a('edit')}</Button>}
                {manages && (ev.status === 'draft' || ev.status === 'returned') && <Button size="small" onClick={() => act(ev, 'submit')}>{a('submit')}</Button>}
                {reviews && ev.status === 'submitted' && <Button size="small" type="primary" onClick={() => act(ev, 'file')} data-testid="file-event">{a('fileEvent')}</Button>}
                {reviews && ev.status === 'submitted' && <Button size="small" danger onClick={() => act(ev, 'return')}>{a('returnEvent')}</Button>}
              </Space>
            ),
          },
        ]}
      />
      <EventModal communityId={communityId} editing={editing} onClose={() => setEditing(null)} onSaved={refresh} />
    </>
  );
}

function EventModal({ communityId, editing, onClose, onSaved }: { communityId: string | null; editing: ImportantEvent | 'new' | null; onClose: () => void; onSaved: () => void }) {
  const a = useArchiveText();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const rooms = useArchiveRooms(editing ? communityId : null, '');
  useEffect(() => {
    if (!editing) return;
    setError(null);
    form.resetFields();
    if (editing !== 'new') form.setFieldsValue({ kind: editing.kind, title: editing.title, description: editing.description, occurredOn: dayjs(editing.occurredOn), roomId: editing.roomId ?? undefined, links: linksForForm(editing.links) });
  }, [editing, form]);
  const save = async () => {
    const v = await form.validateFields();
    const body = {
      kind: v.kind, title: v.title.trim(), description: v.description.trim(), occurredOn: (v.occurredOn as dayjs.Dayjs).format('YYYY-MM-DD'),
      links: (v.links ?? []).map((l: { kind: string; refId: string }) => ({ kind: l.kind, refId: l.refId.trim() })),
    };
    try {
      if (editing === 'new') await api.post(`/api/v1/communities/${communityId}/archive/events`, { ...body, roomId: v.roomId || undefined });
      else if (editing) await api.patch(`/api/v1/archive/events/${editing.id}`, { ...body, roomId: v.roomId || null });
      onSaved();
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Modal open={!!editing} width={640} title={editing === 'new' ? a('newEvent') : a('editEvent')} onCancel={onClose} onOk={save} okText={a('save')} destroyOnHidden>
      <Form form={form} layout="vertical" size="small" initialValues={{ kind: 'major_complaint', occurredOn: dayjs() }}>
        <Space size="large">
          <Form.Item name="kind" label={a('kind')} rules={[{ required: true }]}><Select style={{ width: 180 }} options={EVENT_KINDS.map((k) => ({ value: k, label: a(k) }))} /></Form.Item>
          <Form.Item name="occurredOn" label={a('occurredOn')} rules={[{ required: true }]}><DatePicker /></Form.Item>
          <Form.Item name="roomId" label={a('room')}><Select allowClear showSearch optionFilterProp="label" style={{ width: 160 }} options={(rooms.data?.items ?? []).map((r) => ({ value: r.id, label: r.code }))} /></Form.Item>
        </Space>
        <Form.Item name="title" label={a('title_')} rules={[{ required: true, whitespace: true, max: 200 }]}><Input data-testid="event-title" /></Form.Item>
        <Form.Item name="description" label={a('description')} rules={[{ required: true, whitespace: true, max: 5000 }]}><Input.TextArea rows={3} /></Form.Item>
        <Form.Item label={a('links')}><LinksField /></Form.Item>
      </Form>
      {error && <Alert type="error" title={error} />}
    </Modal>
  );
}
