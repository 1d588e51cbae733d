/**
 * 催缴 (R-FEE-6, R-LAW-1): arrears aging per community / building / room, dunning runs with a
 * dry-run preview before anything is sent, rollback (letters withdrawn, history kept), and per
 * room the letters and contact attempts (channel, staff, time, outcome) as evidence.
 */
import { useState } from 'react';
import { Alert, Button, Card, Col, Drawer, Form, Input, InputNumber, Modal, Popconfirm, Row, Segmented, Select, Space, Table, Tag, Timeline, message } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../../../shared/api.ts';
import { formatDateTime, formatFen } from '../../../shared/format.ts';
import { can, useSession } from '../../../shared/session.ts';
import { useCommunity } from '../../../shared/community.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { BillingNav } from './BillingNav.tsx';
import { ActionError } from './ActionError.tsx';
import { useBillingText } from './billingText.ts';
import type { Staff } from './billingApi.ts';

interface Aging { key: string; label: string | null; d1_30: number; d31_60: number; d61_90: number; d91_180: number; d181_plus: number; totalFen: number; bills: number }
interface Target { roomId: string; roomCode: string; overdueFen: number; oldestDueDate: string; bills: number }
interface RunReply { dryRun: boolean; stage: string; asOf: string; rooms: number; totalFen: number; targets: Target[] }
interface Run { id: string; stage: string; minDaysOverdue: number; status: 'sent' | 'rolled_back'; createdAt: string; createdByName: string | null; letters: number; totalFen: number; rollbackReason: string | null; rolledBackByName: string | null; rolledBackAt: string | null }
interface Letter { id: string; stage: string; status: 'sent' | 'withdrawn'; overdueFen: number; oldestDueDate: string; createdAt: string }
interface Contact { id: string; channel: string; outcome: string; staffId: string; at: string; note: string | null }

const STAGES = ['reminder', 'demand_letter', 'legal'] as const;
const CHANNELS = ['phone', 'sms', 'app', 'visit', 'letter', 'announcement'] as const;
const OUTCOMES = ['reached', 'no_answer', 'promised', 'refused', 'disputed', 'delivered', 'returned'] as const;

export function DunningPage() {
  const b = useBillingText();
  const { communityId } = useCommunity();
  const { data: user } = useSession();
  const qc = useQueryClient();
  const [groupBy, setGroupBy] = useState<'community' | 'building' | 'room'>('building');
  const [stage, setStage] = useState<(typeof STAGES)[number]>('reminder');
  const [minDays, setMinDays] = useState(30);
  const [preview, setPreview] = useState<RunReply | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [room, setRoom] = useState<{ id: string; code: string } | null>(null);
  const [rollback, setRollback] = useState<Run | null>(null);
  const mayManage = can(user, 'dunning.manage', communityId);

  const aging = useQuery({ queryKey: ['billing', 'aging', communityId, groupBy], enabled: !!communityId, queryFn: () => api.get<{ asOf: string; items: Aging[] }>('/api/v1/arrears/aging', { communityId, groupBy, limit: 200 }) });
  const runs = useQuery({ queryKey: ['billing', 'dunning-runs', communityId], enabled: !!communityId && mayManage, queryFn: () => api.get<{ items: Run[] }>('/api/v1/billing/dunning-runs', { communityId }) });
  if (!communityId) return null;

  async function run(dryRun: boolean) {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<RunReply>('/api/v1/dunning/runs', { communityId, stage, minDaysOverdue: minDays, dryRun });
      if (dryRun) setPreview(r);
      else {
        setPreview(null);
        void message.success(b('sentOk', { n: r.rooms }));
        void qc.invalidateQueries({ queryKey: ['billing'] });
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const bucket = (title: string, key: keyof Aging) => ({ title, dataIndex: key, align: 'right' as const, render: (v: number) => (v ? formatFen(v) : <span style={{ color: '#bbb' }}>—</span>) });
  return (
    <div>
      <h2 className="pms-page-title">{b('navDunning')}</h2>
      <BillingNav />
      <Alert type="warning" showIcon title={b('lawBanner')} style={{ marginBottom: 12 }} data-testid="dunning-law" />
      <Card
        size="small"
        style={{ marginBottom: 16 }}
        title={`${b('aging')}${aging.data ? ` · ${b('asOf')} ${aging.data.asOf}` : ''}`}
        extra={
          <Segmented
            size="small"
            value={groupBy}
            onChange={(v) => setGroupBy(v as typeof groupBy)}
            options={(['community', 'building', 'room'] as const).map((g) => ({ value: g, label: b(`g_${g}`) }))}
            data-testid="aging-group"
          />
        }
      >
        <ErrorAlert error={aging.error} />
        <Table<Aging>
          size="small"
          rowKey="key"
          loading={aging.isLoading}
          dataSource={aging.data?.items ?? []}
          pagination={{ pageSize: 15, hideOnSinglePage: true }}
          // The room's letters and contacts need dunning.manage: only then do room rows open them.
          onRow={(r) => ({ onClick: () => mayManage && groupBy === 'room' && setRoom({ id: r.key, code: r.label ?? '' }), style: mayManage && groupBy === 'room' ? { cursor: 'pointer' } : undefined })}
          columns={[
            { title: b(`g_${groupBy}`), dataIndex: 'label', render: (v: string | null) => v ?? b('g_community') },
            bucket('≤30', 'd1_30'),
            bucket('31–60', 'd31_60'),
            bucket('61–90', 'd61_90'),
            bucket('91–180', 'd91_180'),
            bucket('>180', 'd181_plus'),
            { title: b('total'), dataIndex: 'totalFen', align: 'right', render: (v: number) => <b>{formatFen(v)}</b> },
            { title: b('bills'), dataIndex: 'bills', align: 'right' },
          ]}
          data-testid="aging-table"
        />
      </Card>
      {mayManage && (
        <Row gutter={16}>
          <Col xs={24} xl={12}>
            <Card size="small" title={b('dunningRun')} style={{ marginBottom: 16 }}>
              <Space className="pms-toolbar">
                <span>{b('stage')}</span>
                <Select value={stage} onChange={(v) => { setStage(v); setPreview(null); }} style={{ width: 160 }} options={STAGES.map((s) => ({ value: s, label: b(`s_${s}`) }))} data-testid="dunning-stage" />
                <span>{b('minDays')}</span>
                <InputNumber min={0} max={3650} value={minDays} onChange={(v) => { setMinDays(Number(v ?? 0)); setPreview(null); }} style={{ width: 90 }} data-testid="dunning-days" />
                <Button onClick={() => void run(true)} loading={busy && !preview} data-testid="dunning-preview">
                  {b('preview')}
                </Button>
              </Space>
              <ActionError error={error} />
              {preview && (
                <div data-testid="dunning-preview-result">
                  <Alert
                    type={preview.rooms ? 'info' : 'success'}
                    showIcon
                    title={preview.rooms ? b('previewRooms', { n: preview.rooms, total: formatFen(preview.totalFen) }) : b('previewEmpty')}
                    action={
                      preview.rooms ? (
                        <Popconfirm title={b('sendConfirm', { n: preview.rooms, stage: b(`s_${preview.stage}`) })} onConfirm={() => void run(false)} okText={b('send')} cancelText={b('cancel')} okButtonProps={{ 'data-testid': 'dunning-send-ok' } as never}>
                          <Button type="primary" size="small" loading={busy} data-testid="dunning-send">
                            {b('send')}
                          </Button>
                        </Popconfirm>
                      ) : undefined
                    }
                    style={{ marginBottom: 8 }}
                  />
                  {preview.rooms > 0 && (
                    <Table<Target>
                      size="small"
                      rowKey="roomId"
                      dataSource={preview.targets}
                      pagination={{ pageSize: 8, hideOnSinglePage: true }}
                      onRow={(r) => ({ onClick: () => setRoom({ id: r.roomId, code: r.roomCode }), style: { cursor: 'pointer' } })}
                      columns={[
                        { title: b('roomCode'), dataIndex: 'roomCode' },
                        { title: b('arrears'), dataIndex: 'overdueFen', align: 'right', render: formatFen },
                        { title: b('oldestDue'), dataIndex: 'oldestDueDate' },
                        { title: b('bills'), dataIndex: 'bills', align: 'right' },
                      ]}
                    />
                  )}
                </div>
              )}
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={b('runs')} style={{ marginBottom: 16 }}>
              <ErrorAlert error={runs.error} />
              <Table<Run>
                size="small"
                rowKey="id"
                loading={runs.isLoading}
                dataSource={runs.data?.items ?? []}
                pagination={{ pageSize: 8, hideOnSinglePage: true }}
                columns={[
                  { title: b('time'), dataIndex: 'createdAt', render: formatDateTime },
                  { title: b('stage'), dataIndex: 'stage', render: (s: string) => b(`s_${s}`) },
                  { title: b('letters'), dataIndex: 'letters', align: 'right' },
                  { title: b('arrears'), dataIndex: 'totalFen', align: 'right', render: formatFen },
                  { title: b('createdBy'), dataIndex: 'createdByName' },
                  {
                    title: b('status'),
                    render: (_, r) =>
                      r.status === 'sent' ? (
                        <Tag color="blue">{b('rs_sent')}</Tag>
                      ) : (
                        <Tag title={`${r.rolledBackByName ?? ''} ${formatDateTime(r.rolledBackAt)}：${r.rollbackReason ?? ''}`}>{b('rs_rolled_back')}</Tag>
                      ),
                  },
                  { title: '', render: (_, r) => r.status === 'sent' && <Button size="small" danger onClick={() => setRollback(r)}>{b('rollback')}</Button> },
                ]}
                data-testid="dunning-runs"
              />
            </Card>
          </Col>
        </Row>
      )}
      <RollbackModal run={rollback} onClose={() => setRollback(null)} />
      <RoomDunningDrawer room={room} onClose={() => setRoom(null)} communityId={communityId} />
    </div>
  );
}

function RollbackModal({ run, onClose }: { run: Run | null; onClose: () => void }) {
  const b = useBillingText();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function send() {
    if (!run) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/v1/dunning/runs/${run.id}/rollback`, { reason: reason.trim() });
      void qc.invalidateQueries({ queryKey: ['billing'] });
      setReason('');
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open={!!run} title={b('rollbackTitle')} onCancel={onClose} onOk={() => void send()} okText={b('rollback')} cancelText={b('cancel')} okButtonProps={{ danger: true, disabled: reason.trim().length < 2, loading: busy }} destroyOnHidden>
      {run && <p>{`${b(`s_${run.stage}`)} · ${formatDateTime(run.createdAt)} · ${run.letters} ${b('letters')}`}</p>}
      <Input.TextArea rows={3} maxLength={500} placeholder={b('reasonRequired')} value={reason} onChange={(e) => setReason(e.target.value)} />
      <div style={{ marginTop: 12 }}>
        <ActionError error={error} />
      </div>
    </Modal>
  );
}

/** The room's letters and contact attempts, and a form to record the next attempt. */
function RoomDunningDrawer({ room, onClose, communityId }: { room: { id: string; code: string } | null; onClose: () => void; communityId: string }) {
  const b = useBillingText();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ channel: string; outcome: string; note?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const hist = useQuery({ queryKey: ['billing', 'room-dunning', room?.id], enabled: !!room, queryFn: () => api.get<{ letters: Letter[]; contacts: Contact[] }>(`/api/v1/rooms/${room!.id}/dunning`) });
  const staff = useQuery({ queryKey: ['billing', 'staff', communityId], queryFn: () => api.get<{ items: Staff[] }>('/api/v1/billing/staff', { communityId }) });
  const name = (id: string) => staff.data?.items.find((s) => s.id === id)?.name ?? id.slice(0, 8);

  async function add(v: { channel: string; outcome: string; note?: string }) {
    if (!room) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/v1/rooms/${room.id}/dunning-contacts`, { channel: v.channel, outcome: v.outcome, ...(v.note?.trim() ? { note: v.note.trim() } : {}) });
      form.resetFields(['note']);
      void qc.invalidateQueries({ queryKey: ['billing', 'room-dunning', room.id] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Drawer open={!!room} onClose={onClose} width={520} title={room ? b('contactsOf', { room: room.code }) : ''} extra={room && <Link to={`/fees/payments?room=${room.id}&code=${encodeURIComponent(room.code)}`}>{b('navPayments')} →</Link>} destroyOnHidden>
      <ErrorAlert error={hist.error} />
      <h4>{b('lettersOf')}</h4>
      {hist.data?.letters.length ? (
        <Table<Letter>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={hist.data.letters}
          columns={[
            { title: b('time'), dataIndex: 'createdAt', render: formatDateTime },
            { title: b('stage'), dataIndex: 'stage', render: (s: string) => b(`s_${s}`) },
            { title: b('arrears'), dataIndex: 'overdueFen', align: 'right', render: formatFen },
            { title: b('status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'sent' ? 'blue' : 'default'}>{b(`ls_${s}`)}</Tag> },
          ]}
          style={{ marginBottom: 16 }}
        />
      ) : (
        <p style={{ color: '#999' }}>{b('none')}</p>
      )}
      <h4>{b('contacts')}</h4>
      {hist.data?.contacts.length ? (
        <Timeline
          style={{ marginTop: 8 }}
          items={[...hist.data.contacts].reverse().map((c) => ({
            color: c.outcome === 'promised' || c.outcome === 'reached' || c.outcome === 'delivered' ? 'green' : c.outcome === 'refused' || c.outcome === 'disputed' ? 'red' : 'gray',
            children: (
              <div>
                <b>{b(`ch_${c.channel}`)}</b> · {b(`o_${c.outcome}`)} <span style={{ color: '#999' }}>— {name(c.staffId)} · {formatDateTime(c.at)}</span>
                {c.note && <div>{c.note}</div>}
              </div>
            ),
          }))}
          data-testid="dunning-contacts"
        />
      ) : (
        <p style={{ color: '#999' }}>{b('none')}</p>
      )}
      <Card size="small" title={b('addContact')} style={{ marginTop: 16 }}>
        <Form form={form} layout="vertical" initialValues={{ channel: 'phone', outcome: 'reached' }} onFinish={(v) => void add(v)}>
          <Space style={{ width: '100%' }} align="start">
            <Form.Item name="channel" label={b('channel')} rules={[{ required: true }]}>
              <Select style={{ width: 140 }} options={CHANNELS.map((c) => ({ value: c, label: b(`ch_${c}`) }))} data-testid="contact-channel" />
            </Form.Item>
            <Form.Item name="outcome" label={b('outcome')} rules={[{ required: true }]}>
              <Select style={{ width: 160 }} options={OUTCOMES.map((o) => ({ value: o, label: b(`o_${o}`) }))} data-testid="contact-outcome" />
            </Form.Item>
          </Space>
          <Form.Item name="note" label={b('note')}>
            <Input.TextArea rows={2} maxLength={1000} data-testid="contact-note" />
          </Form.Item>
          <ActionError error={error} />
          <Button type="primary" htmlType="submit" loading={busy} data-testid="contact-add">
            {b('addContact')}
          </Button>
        </Form>
      </Card>
    </Drawer>
  );
}
