import { Alert, Button } from 'antd';
import { useI18n } from '../../shared/i18n.tsx';

/** Shows an API error's localised message, with an optional retry. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  const msg = error instanceof Error ? error.message : String(error);
  return (
    <Alert
      type="error"
      showIcon
      title={t('loadFailed')}
      description={msg}
      action={onRetry ? <Button size="small" onClick={onRetry}>{t('retry')}</Button> : undefined}
      style={{ marginBottom: 12 }}
    />
  );
}
