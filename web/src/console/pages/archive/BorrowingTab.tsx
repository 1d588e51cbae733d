/** 借阅登记: ask for a period of access (whole community or some rooms); managers approve, reject or revoke. */
import { useState } from 'react';
import { App, Button, Checkbox, DatePicker, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { can, useSession } from '../../../shared/session.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { useArchiveRooms, useBorrowing, type Borrowing } from './archiveApi.ts';
import { useArchiveText } from './archiveText.ts';

export function BorrowingTab({ communityId, onRoom }: { communityId: string | null; onRoom: (roomId: string) => void }) {
  const a = useArchiveText();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const { data: user } = useSession();
  const list = useBorrowing(communityId);
  const rooms = useArchiveRooms(communityId, '');
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const refresh = () => qc.invalidateQueries({ queryKey: ['borrowing'] });
  const fail = (e: unknown) => message.error(e instanceof Error ? e.message : String(e));
  const mayApprove = can(user, 'archive.borrow.approve', communityId);

  const create = async () => {
    const v = (await form.validateFields()) as { purpose: string; scope: 'community' | 'records'; roomIds?: string[]; period: [Dayjs, Dayjs]; external?: boolean; externalParty?: string };
    try {
      await api.post('/api/v1/borrowing-requests', {
        communityId, purpose: v.purpose, scope: v.scope, roomIds: v.scope === 'records' ? v.roomIds ?? [] : undefined,
        validFrom: v.period[0].toISOString(), validTo: v.period[1].toISOString(), external: !!v.external, externalParty: v.external ? v.externalParty : undefined,
      });
      setOpen(false);
      form.resetFields();
      void refresh();
    } catch (e) {
      fail(e);
    }
  };
  const decide = (r: Borrowing, action: 'approve' | 'reject' | 'cancel') => {
    let text = '';
    modal.confirm({
      title: a(action),
      content: <Input.TextArea placeholder={r.external && action === 'approve' ? a('writtenApproval') : a('reason')} onChange={(e) => (text = e.target.value)} />,
      onOk: () => api.post(`/api/v1/borrowing-requests/${r.id}/${action}`, r.external && action === 'approve' ? { approvalText: text } : { note: text || undefined }).then(refresh, fail),
    });
  };

  return (
    <>
      <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setOpen(true)}>{a('newRequest')}</Button>
      <Table<Borrowing>
        size="small" rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} pagination={{ pageSize: 30 }}
        columns={[
          { title: a('requester'), dataIndex: 'requesterName' },
          { title: a('purpose'), dataIndex: 'purpose', render: (v: string, r) => <>{v}{r.external && <Tag color="purple" style={{ marginLeft: 4 }}>{a('external')} {r.externalParty}</Tag>}</> },
          {
            title: a('scope'),
            // Covered rooms open straight from an active request (staff outside customer service have no room list).
            render: (_, r) => (r.scope === 'community' ? a('wholeCommunity') : r.roomIds.map((id) => {
              const code = rooms.data?.items.find((x) => x.id === id)?.archiveCode ?? id.slice(-6);
              return r.active ? <a key={id} style={{ marginRight: 6 }} onClick={() => onRoom(id)}>{code}</a> : <span key={id} style={{ marginRight: 6 }}>{code}</span>;
            })),
          },
          { title: a('period'), render: (_, r) => `${formatDateTime(r.validFrom)} – ${formatDateTime(r.validTo)}` },
          { title: a('status'), render: (_, r) => <Tag color={r.active ? 'green' : r.status === 'pending' ? 'gold' : 'default'}>{r.active ? a('active') : a(r.status)}</Tag> },
          {
            title: '', render: (_, r) => (
              <Space>
                {mayApprove && r.status === 'pending' && <Button size="small" onClick={() => decide(r, 'approve')}>{a('approve')}</Button>}
                {mayApprove && r.status === 'pending' && <Button size="small" onClick={() => decide(r, 'reject')}>{a('reject')}</Button>}
                {(r.status === 'pending' || r.status === 'approved') && <Button size="small" danger onClick={() => decide(r, 'cancel')}>{a('cancel')}</Button>}
              </Space>
            ),
          },
        ]}
      />
      <Modal open={open} title={a('newRequest')} onCancel={() => setOpen(false)} onOk={create} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ scope: 'records' }}>
          <Form.Item name="purpose" label={a('purpose')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="scope" label={a('scope')}>
            <Select options={[{ value: 'records', label: a('rooms') }, { value: 'community', label: a('wholeCommunity') }]} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => form.getFieldValue('scope') === 'records' && (
              <Form.Item name="roomIds" label={a('rooms')} rules={[{ required: true }]}>
                <Select mode="multiple" showSearch optionFilterProp="label" options={(rooms.data?.items ?? []).map((r) => ({ value: r.id, label: r.archiveCode }))} />
              </Form.Item>
            )}
          </Form.Item>
          <Form.Item name="period" label={a('period')} rules={[{ required: true }]}><DatePicker.RangePicker showTime /></Form.Item>
          <Form.Item name="external" valuePropName="checked"><Checkbox>{a('external')}</Checkbox></Form.Item>
          <Form.Item noStyle shouldUpdate>{() => form.getFieldValue('external') && <Form.Item name="externalParty" label={a('external')}><Input /></Form.Item>}</Form.Item>
        </Form>
      </Modal>
    </>
  );
}
