/** Edit a room's use, status and areas (property.manage); saves with PATCH /api/v1/rooms/{id}. */
import { useState } from 'react';
import { App, Button, Form, InputNumber, Select, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { ROOM_STATUSES, ROOM_USES } from './RoomTags.tsx';
import type { RoomDetail } from './propertyApi.ts';

interface Values {
  status: string;
  use: string;
  areaM2: number;
  indoorAreaM2: number | null;
}

const twoDecimals = (v: number | null | undefined) => v === null || v === undefined || (v > 0 && Math.round(v * 100) === v * 100);

export function RoomEditForm({ room, onDone }: { room: RoomDetail; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);

  async function submit(v: Values) {
    setBusy(true);
    try {
      await api.patch(`/api/v1/rooms/${room.id}`, { status: v.status, use: v.use, areaM2: v.areaM2, indoorAreaM2: v.indoorAreaM2 ?? null });
      message.success(t('saved'));
      void qc.invalidateQueries({ queryKey: ['room', room.id] });
      void qc.invalidateQueries({ queryKey: ['rooms'] });
      onDone();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const areaRules = [{ validator: (_: unknown, v: number | null) => (twoDecimals(v) ? Promise.resolve() : Promise.reject(new Error(t('areaRule')))) }];
  return (
    <Form<Values>
      layout="horizontal"
      labelCol={{ span: 6 }}
      onFinish={submit}
      initialValues={{ status: room.status, use: room.use, areaM2: Number(room.areaM2), indoorAreaM2: room.indoorAreaM2 === null ? null : Number(room.indoorAreaM2) }}
      data-testid="room-edit-form"
    >
      <Form.Item name="status" label={t('status')}>
        <Select options={ROOM_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
      </Form.Item>
      <Form.Item name="use" label={t('use')}>
        <Select options={ROOM_USES.map((s) => ({ value: s, label: t(`use.${s}`) }))} />
      </Form.Item>
      <Form.Item name="areaM2" label={t('areaM2')} rules={[{ required: true, message: t('required') }, ...areaRules]}>
        <InputNumber min={0.01} step={0.01} precision={2} suffix="m²" style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="indoorAreaM2" label={t('indoorAreaM2')} rules={areaRules}>
        <InputNumber min={0.01} step={0.01} precision={2} suffix="m²" style={{ width: '100%' }} />
      </Form.Item>
      <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <Button onClick={onDone}>{t('cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('save')}
        </Button>
      </Space>
    </Form>
  );
}
