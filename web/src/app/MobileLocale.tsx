import type { ReactNode } from 'react';
import { ConfigProvider } from 'antd-mobile';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import enUS from 'antd-mobile/es/locales/en-US';
import { useI18n } from '../shared/i18n.tsx';

export function MobileLocale({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  return <ConfigProvider locale={lang === 'en-US' ? enUS : zhCN}>{children}</ConfigProvider>;
}
