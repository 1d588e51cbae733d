/** Set or remove a community override for one day (working or not, with a name). */
import { useEffect, useState } from 'react';
import { App, Button, Input, Modal, Space, Switch } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';

export interface CalendarDay {
  date: string;
  working: boolean;
  name: string;
  source: string;
}

export function CalendarDayModal({ communityId, day, onClose }: { communityId: string; day: CalendarDay | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [working, setWorking] = useState(true);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setWorking(day?.working ?? true);
    setName(day?.source === 'override' ? day.name : '');
  }, [day]);

  async function run(fn: () => Promise<unknown>) {
    setBusy(true);
    try {
      await fn();
      message.success(t('saved'));
      void qc.invalidateQueries({ queryKey: ['calendar'] });
      onClose();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  const path = day ? `/api/v1/communities/${communityId}/calendar/overrides/${day.date}` : '';

  return (
    <Modal
      open={!!day}
      title={`${t('dayOverride')} · ${day?.date ?? ''}`}
      onCancel={onClose}
      footer={
        <Space>
          {day?.source === 'override' && (
            <Button danger loading={busy} onClick={() => void run(() => api.delete(path))}>
              {t('removeOverride')}
            </Button>
          )}
          <Button onClick={onClose}>{t('cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void run(() => api.put(path, { working, name: name.trim() }))}>
            {t('save')}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space>
          <Switch checked={working} onChange={setWorking} /> {working ? t('working') : t('holiday')}
        </Space>
        <Input placeholder={t('name')} maxLength={40} value={name} onChange={(e) => setName(e.target.value)} />
      </Space>
    </Modal>
  );
}
