/** Staff login (username + password). Shows the demo accounts only when the server says it runs in demo mode. */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { GlobalOutlined, HomeFilled, LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { useAuthActions } from '../../shared/session.ts';
import { SetupForm } from './SetupForm.tsx';

const DEMO_ACCOUNTS = ['demo-admin', 'demo-manager', 'demo-clerk', 'demo-dispatcher', 'demo-engineer', 'demo-finance', 'demo-clerk-b'];

/** GET /api/v1/setup: whether the first administrator must be created, and whether this is a demo. */
function useSetupInfo(): { needsSetup: boolean; demo: boolean } {
  const q = useQuery({
    queryKey: ['setup'],
    queryFn: () => api.get<{ needsSetup?: boolean; demo?: boolean }>('/api/v1/setup'),
    retry: false,
    staleTime: 60_000,
  });
  return { needsSetup: q.data?.needsSetup === true, demo: q.data?.demo === true };
}

export function LoginPage({ ownerSignedIn = false }: { ownerSignedIn?: boolean }) {
  const { t, lang, setLang } = useI18n();
  const { login } = useAuthActions();
  const { demo, needsSetup } = useSetupInfo();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(v: { username: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      await login(v.username.trim(), v.password);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="pms-login">
      <Card className="pms-login-card" data-testid="login-card">
        <Space orientation="vertical" size={4} style={{ width: '100%', marginBottom: 16 }}>
          <Typography.Title level={3} style={{ margin: 0, color: '#1677ff' }}>
            <HomeFilled /> {t('productName')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('staffConsole')}</Typography.Text>
        </Space>
        {ownerSignedIn && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={lang === 'en-US' ? 'You are signed in as an owner. Open the owner app at /app/.' : '当前为业主账号，请前往业主端 /app/。'} />}
        {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} data-testid="login-error" />}
        {needsSetup ? <SetupForm /> : null}
        <Form hidden={needsSetup} form={form} layout="vertical" onFinish={submit} requiredMark={false} autoComplete="on">
          <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }]}>
            <Input prefix={<UserOutlined />} autoFocus autoComplete="username" id="username" />
          </Form.Item>
          <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login')}
          </Button>
        </Form>
        <div style={{ display: 'flex', justifyContent: 'flex-end', marginTop: 12 }}>
          <Button type="link" size="small" icon={<GlobalOutlined />} onClick={() => setLang(lang === 'en-US' ? 'zh-CN' : 'en-US')}>
            {lang === 'en-US' ? '中文' : 'English'}
          </Button>
        </div>
        {demo && !needsSetup && (
          <Alert
            type="warning"
            style={{ marginTop: 8 }}
            title={t('demoAccounts')}
            description={
              <div>
                <div>{t('demoHint')}</div>
                <Space wrap size={[4, 4]} style={{ marginTop: 4 }}>
                  {DEMO_ACCOUNTS.map((a) => (
                    <Button key={a} size="small" onClick={() => form.setFieldsValue({ username: a, password: 'demo1234' })}>
                      {a}
                    </Button>
                  ))}
                </Space>
              </div>
            }
          />
        )}
      </Card>
    </div>
  );
}
