/** 报事详情: classification (override), its work order, clocks; reply to the owner (progress / result) and record a delay (R-DESK-3). */
import { useState } from 'react';
import { App, Button, Checkbox, DatePicker, Divider, Drawer, Form, Input, Skeleton, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import type { RequestItem } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { ClassificationPanel } from '../desk/ClassificationPanel.tsx';

interface RequestDetail extends RequestItem {
  reply?: string | null;
  delayReason?: string | null;
  expectedAt?: string | null;
}

export function RequestDrawer({ id, onClose, onOpenWorkOrder }: { id: string | null; onClose: () => void; onOpenWorkOrder: (id: string) => void }) {
  const w = useWoText();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['request', 'detail', id], enabled: !!id, queryFn: () => api.get<RequestDetail>(`/api/v1/requests/${id}`) });
  const [reply, setReply] = useState('');
  const [resolved, setResolved] = useState(false);
  const [delay, setDelay] = useState('');
  const [expected, setExpected] = useState<Dayjs | null>(null);
  const r = q.data;

  async function post(path: string, body: Record<string, unknown>, reset: () => void) {
    try {
      const next = await api.post<RequestDetail>(`/api/v1/requests/${id}/${path}`, body);
      qc.setQueryData(['request', 'detail', id], next);
      void qc.invalidateQueries({ queryKey: ['request'] });
      reset();
      message.success(w('done'));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Drawer open={!!id} onClose={onClose} width={560} title={w('request')} destroyOnHidden data-testid="request-drawer">
      {q.error ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
      {!r ? (
        <Skeleton active />
      ) : (
        <>
          <ClassificationPanel request={r} onChange={(x) => qc.setQueryData(['request', 'detail', id], x)} onOpenWorkOrder={onOpenWorkOrder} />
          {r.reply ? (
            <Typography.Paragraph style={{ marginTop: 12 }}>
              <b>{w('req.lastReply')}：</b>
              {r.reply}
            </Typography.Paragraph>
          ) : null}
          {r.delayReason ? (
            <Typography.Paragraph>
              <b>{w('req.delay')}：</b>
              {r.delayReason} · {w('req.expectedAt')} {formatDateTime(r.expectedAt)}
            </Typography.Paragraph>
          ) : null}
          <Divider titlePlacement="start">{w('req.reply')}</Divider>
          <Form layout="vertical">
            <Form.Item>
              <Input.TextArea rows={2} maxLength={2000} value={reply} onChange={(e) => setReply(e.target.value)} placeholder={w('req.replyHint')} />
            </Form.Item>
            <Checkbox checked={resolved} onChange={(e) => setResolved(e.target.checked)}>
              {w('req.resolved')}
            </Checkbox>
            <Button type="primary" disabled={!reply.trim()} style={{ marginLeft: 12 }} onClick={() => void post('reply', { message: reply.trim(), resolved }, () => setReply(''))}>
              {w('submit')}
            </Button>
          </Form>
          <Divider titlePlacement="start">{w('req.delay')}</Divider>
          <Form layout="vertical">
            <Form.Item label={w('reason')}>
              <Input maxLength={500} value={delay} onChange={(e) => setDelay(e.target.value)} />
            </Form.Item>
            <Form.Item label={w('req.expectedAt')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" value={expected} onChange={setExpected} />
            </Form.Item>
            <Button disabled={!delay.trim() || !expected} onClick={() => void post('delay', { reason: delay.trim(), expectedAt: expected!.toISOString() }, () => setDelay(''))}>
              {w('submit')}
            </Button>
          </Form>
        </>
      )}
    </Drawer>
  );
}
