/** 转工单: a work order prefilled from the request (type, urgency, scope, place, description). */
import { useEffect } from 'react';
import { App, Form, Input, Modal, Radio, Select } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import type { RequestItem, WorkOrderDetail } from '../../../shared/workorders/api.ts';
import { REPAIR_TYPES, URGENCIES, useWoText } from '../../../shared/workorders/labels.ts';

interface Values {
  type: string;
  urgency: string;
  scope: 'common' | 'household';
  description: string;
}

export function CreateWorkOrderDialog({ open, request, onClose, onCreated }: { open: boolean; request: RequestItem; onClose: () => void; onCreated: (id: string) => void }) {
  const w = useWoText();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (open)
      form.setFieldsValue({
        type: (REPAIR_TYPES as readonly string[]).includes(request.category) ? request.category : 'other',
        urgency: request.urgency === 'enquiry' ? 'general' : request.urgency,
        scope: request.roomId ? 'household' : 'common',
        description: request.description,
      });
  }, [open, request, form]);

  async function submit() {
    const v = await form.validateFields();
    try {
      const body: Record<string, unknown> = { communityId: request.communityId, requestId: request.id, ...v };
      if (request.roomId) body.roomId = request.roomId;
      if (request.location) body.location = request.location;
      const wo = await api.post<WorkOrderDetail>('/api/v1/work-orders', body);
      void qc.invalidateQueries({ queryKey: ['workorder'] });
      void qc.invalidateQueries({ queryKey: ['request'] });
      onCreated(wo.id);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Modal open={open} title={w('desk.toWorkOrder')} onCancel={onClose} onOk={submit} okText={w('action.create')} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="type" label={w('type')} rules={[{ required: true }]}>
          <Select options={REPAIR_TYPES.map((c) => ({ value: c, label: w(`category.${c}`) }))} />
        </Form.Item>
        <Form.Item name="urgency" label={w('urgency')} rules={[{ required: true }]}>
          <Radio.Group options={URGENCIES.map((u) => ({ value: u, label: w(`urgency.${u}`) }))} />
        </Form.Item>
        <Form.Item name="scope" label={w('scope.common') + ' / ' + w('scope.household')} rules={[{ required: true }]}>
          <Radio.Group options={['common', 'household'].map((s) => ({ value: s, label: w(`scope.${s}`) }))} />
        </Form.Item>
        <Form.Item name="description" label={w('description')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
