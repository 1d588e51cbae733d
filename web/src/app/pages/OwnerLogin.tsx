/** Owner login: phone + password, or phone + one-time code. */
import { useState } from 'react';
import { Button, Form, Input, Tabs, Toast } from 'antd-mobile';
import { OtpLoginForm } from './OtpLoginForm.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { useAuthActions } from '../../shared/session.ts';

export function OwnerLogin({ staffSignedIn = false }: { staffSignedIn?: boolean }) {
  const { t, lang, setLang } = useI18n();
  const { login } = useAuthActions();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(v: { phone: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      await login(v.phone.trim(), v.password);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      setError(msg);
      Toast.show({ content: msg, icon: 'fail' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="owner-login">
      <h1>{t('ownerAppName')}</h1>
      <div className="sub">{t('productName')}</div>
      {staffSignedIn && <div style={{ color: '#fa8c16', marginBottom: 12 }}>{lang === 'en-US' ? 'Signed in as staff — log in with an owner phone number.' : '当前为员工账号，请使用业主手机号登录。'}</div>}
      <Tabs defaultActiveKey="password">
        <Tabs.Tab title={t('passwordLogin')} key="password">
          <Form
            layout="vertical"
            onFinish={submit}
            footer={
              <Button block type="submit" color="primary" size="large" loading={busy} data-testid="owner-login-submit">
                {t('login')}
              </Button>
            }
          >
            <Form.Item name="phone" label={t('phone')} rules={[{ required: true, message: t('required') }]}>
              <Input type="tel" inputMode="tel" placeholder="138 0000 0000" clearable autoComplete="username" id="phone" />
            </Form.Item>
            <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required') }]}>
              <Input type="password" placeholder={t('passwordPlaceholder')} clearable autoComplete="current-password" id="owner-password" />
            </Form.Item>
          </Form>
          {error && (
            <div style={{ color: '#ff3141', padding: '0 12px' }} data-testid="owner-login-error">
              {error}
            </div>
          )}
        </Tabs.Tab>
        <Tabs.Tab title={t('otp')} key="otp">
          <OtpLoginForm />
        </Tabs.Tab>
      </Tabs>
      <div style={{ textAlign: 'center', marginTop: 24 }}>
        <Button fill="none" size="small" onClick={() => setLang(lang === 'en-US' ? 'zh-CN' : 'en-US')}>
          {lang === 'en-US' ? '中文' : 'English'}
        </Button>
      </div>
    </div>
  );
}
