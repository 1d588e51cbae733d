/** Owner login by phone + one-time code (POST /api/v1/auth/otp sends it by SMS). */
import { useEffect, useState } from 'react';
import { Button, Form, Input, Toast } from 'antd-mobile';
import { api } from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { useAuthActions } from '../../shared/session.ts';

const PHONE = /^1\d{10}$/;

export function OtpLoginForm() {
  const { t } = useI18n();
  const { loginWithOtp } = useAuthActions();
  const [form] = Form.useForm<{ phone: string; otp: string }>();
  const [wait, setWait] = useState(0);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (wait <= 0) return;
    const id = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(id);
  }, [wait]);

  async function send() {
    const phone = String(form.getFieldValue('phone') ?? '').replace(/\s/g, '');
    if (!PHONE.test(phone)) {
      Toast.show({ content: t('phoneInvalid') });
      return;
    }
    try {
      await api.post('/api/v1/auth/otp', { phone });
      Toast.show({ content: t('otpSent'), icon: 'success' });
      setWait(60);
    } catch (e) {
      Toast.show({ content: e instanceof Error ? e.message : String(e), icon: 'fail' });
    }
  }

  async function submit(v: { phone: string; otp: string }) {
    setBusy(true);
    try {
      await loginWithOtp(v.phone.replace(/\s/g, ''), v.otp.trim());
    } catch (e) {
      Toast.show({ content: e instanceof Error ? e.message : String(e), icon: 'fail' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      footer={
        <Button block type="submit" color="primary" size="large" loading={busy}>
          {t('login')}
        </Button>
      }
    >
      <Form.Item name="phone" label={t('phone')} rules={[{ required: true, pattern: PHONE, message: t('phoneInvalid') }]}>
        <Input type="tel" inputMode="tel" placeholder="138 0000 0000" clearable autoComplete="tel" id="otp-phone" />
      </Form.Item>
      <Form.Item
        name="otp"
        label={t('otpCode')}
        rules={[{ required: true, pattern: /^\d{6}$/, message: t('otpPlaceholder') }]}
        extra={
          <Button size="small" fill="none" color="primary" disabled={wait > 0} onClick={() => void send()} data-testid="otp-send">
            {wait > 0 ? t('resendIn').replace('{n}', String(wait)) : t('sendOtp')}
          </Button>
        }
      >
        <Input inputMode="numeric" maxLength={6} placeholder={t('otpPlaceholder')} autoComplete="one-time-code" id="otp-code" />
      </Form.Item>
    </Form>
  );
}
