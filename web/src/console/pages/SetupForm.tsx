/** First run (no users yet, outside demo mode): create the company and its first administrator, then log in. */
import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { useAuthActions } from '../../shared/session.ts';

interface Values {
  companyName: string;
  username: string;
  name: string;
  password: string;
}

export function SetupForm() {
  const { t } = useI18n();
  const { login } = useAuthActions();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(v: Values) {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/v1/setup', { companyName: v.companyName.trim(), username: v.username.trim(), name: v.name.trim(), password: v.password });
      void qc.invalidateQueries({ queryKey: ['setup'] });
      await login(v.username.trim(), v.password);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="setup-form">
      <Alert type="info" showIcon title={t('setupTitle')} description={t('setupHelp')} style={{ marginBottom: 16 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="companyName" label={t('companyName')} rules={[{ required: true, min: 2, message: t('required') }]}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="username" label={t('username')} rules={[{ required: true, pattern: /^[A-Za-z0-9._-]{3,64}$/, message: t('required') }]}>
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item name="name" label={t('displayName')} rules={[{ required: true, message: t('required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="password" label={t('password')} extra={t('passwordHint')} rules={[{ required: true, min: 8, message: t('passwordHint') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('setupSubmit')}
        </Button>
      </Form>
    </div>
  );
}
