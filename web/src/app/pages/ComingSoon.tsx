import { ErrorBlock, Space, Tag } from 'antd-mobile';
import { useI18n } from '../../shared/i18n.tsx';

/** Placeholder for owner-app pages not built yet. */
export function ComingSoon({ title, reqs = [] }: { title: string; reqs?: string[] }) {
  const { t } = useI18n();
  return (
    <div style={{ paddingTop: 64 }}>
      <ErrorBlock status="empty" title={`${title} · ${t('comingSoon')}`} description={<Space wrap>{reqs.map((r) => <Tag key={r} color="primary" fill="outline">{r}</Tag>)}</Space>} />
    </div>
  );
}
