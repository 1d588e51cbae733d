/** Ant Design theme and locale following the chosen UI language. */
import type { ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useI18n } from '../../shared/i18n.tsx';

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif";

export function Theme({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  dayjs.locale(lang === 'en-US' ? 'en' : 'zh-cn');
  return (
    <ConfigProvider locale={lang === 'en-US' ? enUS : zhCN} componentSize="middle" theme={{ token: { fontFamily: FONT, borderRadius: 6, colorPrimary: '#1677ff' }, components: { Table: { cellPaddingBlockSM: 6 } } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
