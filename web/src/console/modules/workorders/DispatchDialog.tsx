/** 派单 / 转单: suggested technicians (skill, on duty, open load) and an ETA in minutes. */
import { useEffect, useState } from 'react';
import { App, Form, Input, InputNumber, Modal, Radio, Space, Tag, Typography } from 'antd';
import { useSuggestions, useWoAction, type WorkOrder } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';

export function DispatchDialog({ order, mode = 'dispatch', open, onClose }: { order: WorkOrder | null; mode?: 'dispatch' | 'transfer'; open: boolean; onClose: () => void }) {
  const w = useWoText();
  const { message } = App.useApp();
  const sugg = useSuggestions(open ? order?.id : null);
  const act = useWoAction();
  const [assigneeId, setAssigneeId] = useState<string>();
  const [eta, setEta] = useState<number | null>(null);
  const [reason, setReason] = useState('');

  useEffect(() => {
    if (!open) return;
    setEta(order?.urgency === 'emergency' ? 15 : 60);
    setReason('');
    setAssigneeId(undefined);
  }, [open, order?.id, order?.urgency]);
  // Preselect the best suggestion that is not the current assignee and not at the cap.
  useEffect(() => {
    if (open && !assigneeId && sugg.data?.length) setAssigneeId(sugg.data.find((s) => !s.atCap && s.userId !== order?.assigneeId)?.userId);
  }, [open, sugg.data, assigneeId, order?.assigneeId]);

  async function submit() {
    if (!order || !assigneeId || !eta) return;
    try {
      await act.mutateAsync({ id: order.id, action: mode, body: mode === 'transfer' ? { assigneeId, etaMinutes: eta, reason } : { assigneeId, etaMinutes: eta } });
      message.success(w('done'));
      onClose();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Modal
      open={open}
      title={`${w(`action.${mode}`)} · ${order?.formNumber ?? order?.description?.slice(0, 20) ?? ''}`}
      onCancel={onClose}
      onOk={submit}
      okText={w(`action.${mode}`)}
      okButtonProps={{ disabled: !assigneeId || !eta || (mode === 'transfer' && !reason.trim()), loading: act.isPending, 'data-testid': 'dispatch-submit' } as never}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={w('assignee')} required>
          {sugg.isLoading ? (
            <Typography.Text type="secondary">…</Typography.Text>
          ) : sugg.error ? (
            <Typography.Text type="danger">{(sugg.error as Error).message}</Typography.Text>
          ) : (
            <Radio.Group value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)} style={{ width: '100%' }} data-testid="dispatch-suggestions">
              <Space direction="vertical" style={{ width: '100%' }}>
                {(sugg.data ?? []).map((s) => (
                  <Radio key={s.userId} value={s.userId} disabled={s.atCap} data-testid={`suggest-${s.name}`}>
                    <b>{s.name}</b> <Typography.Text type="secondary">{s.phone}</Typography.Text>{' '}
                    {s.skillMatch && <Tag color="green">{w('skillMatch')}</Tag>}
                    <Tag color={s.onDuty ? 'blue' : 'default'}>{w(s.onDuty ? 'onDuty' : 'offDuty')}</Tag>
                    <Tag color={s.atCap ? 'red' : 'default'}>{w('openOrders').replace('{n}', String(s.openOrders))}</Tag>
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          )}
        </Form.Item>
        <Form.Item label={w('etaMinutes')} required>
          <InputNumber min={1} max={10080} value={eta} onChange={(v) => setEta(v)} data-testid="dispatch-eta" />
        </Form.Item>
        {mode === 'transfer' && (
          <Form.Item label={w('reason')} required>
            <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
