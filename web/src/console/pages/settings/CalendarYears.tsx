/** Which years have official holiday data; administrators enter a year's schedule once it is published. */
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Space, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { can, useSession } from '../../../shared/session.ts';

interface YearInfo {
  year: number;
  source: 'official' | 'entered' | 'weekends_only';
  enteredAt: string | null;
}

const COLOR = { official: 'green', entered: 'blue', weekends_only: 'orange' } as const;

/** "2027-01-01 元旦" lines → [{date, name}]; returns the bad lines too. */
export function parseDayLines(text: string): { days: { date: string; name: string }[]; bad: string[] } {
  const days: { date: string; name: string }[] = [];
  const bad: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(\d{4}-\d{2}-\d{2})\s+(.{1,40})$/.exec(line);
    if (m) days.push({ date: m[1], name: m[2].trim() });
    else bad.push(line);
  }
  return { days, bad };
}

export function CalendarYears() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data: user } = useSession();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ year: number; holidays: string; workdays: string }>();
  const years = useQuery({ queryKey: ['calendar', 'years'], queryFn: () => api.get<{ years: YearInfo[]; lackingOfficialData: number[] }>('/api/v1/calendar/years') });
  const mayEnter = can(user, 'calendar.manage');

  async function submit(v: { year: number; holidays?: string; workdays?: string }) {
    const h = parseDayLines(v.holidays ?? '');
    const w = parseDayLines(v.workdays ?? '');
    if (h.bad.length || w.bad.length) {
      message.error(`${t('badLine')}: ${[...h.bad, ...w.bad].join(' / ')}`);
      return;
    }
    try {
      await api.put(`/api/v1/calendar/years/${v.year}`, { holidays: h.days, workdays: w.days });
      message.success(t('saved'));
      void qc.invalidateQueries({ queryKey: ['calendar'] });
      setOpen(false);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  if (!years.data) return null;
  const lacking = years.data.lackingOfficialData ?? [];
  return (
    <Card size="small" style={{ marginBottom: 12 }} title={t('calendarYears')} extra={mayEnter && <Button size="small" onClick={() => { form.setFieldsValue({ year: lacking[0] ?? new Date().getFullYear() + 1 }); setOpen(true); }}>{t('enterYear')}</Button>}>
      <Space wrap>
        {years.data.years.map((y) => (
          <Tag key={y.year} color={COLOR[y.source]}>
            {y.year} · {t(`yearSource.${y.source}`)}
          </Tag>
        ))}
      </Space>
      {lacking.length > 0 && <Alert style={{ marginTop: 8 }} type="warning" showIcon title={`${t('yearsLacking')} ${lacking.join('、')}`} />}
      <Modal open={open} title={t('enterYear')} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText={t('save')} cancelText={t('cancel')} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="year" label={t('year')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Form.Item name="holidays" label={t('holidaysLines')}>
            <Input.TextArea rows={6} placeholder={'2027-01-01 元旦\n2027-02-06 春节'} />
          </Form.Item>
          <Form.Item name="workdays" label={t('workdaysLines')}>
            <Input.TextArea rows={3} placeholder="2027-02-14 春节调休" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
