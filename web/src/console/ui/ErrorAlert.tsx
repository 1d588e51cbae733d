import { Alert, Button } from 'antd';
import { useI18n } from '../../shared/i18n.tsx';

/** Shows an API error's localised message, with an optional retry; kind 'save' titles a refused submit. */
export function ErrorAlert({ error, onRetry, kind = 'load' }: { error: unknown; onRetry?: () => void; kind?: 'load' | 'save' }) {
  const { t } = useI18n();
  if (!error) return null;
  const msg = error instanceof Error ? error.message : String(error);
  return (
    <Alert
      type="error"
      showIcon
      title={t(kind === 'save' ? 'saveFailed' : 'loadFailed')}
      description={msg}
      action={onRetry ? <Button size="small" onClick={onRetry}>{t('retry')}</Button> : undefined}
      style={{ marginBottom: 12 }}
    />
  );
}
