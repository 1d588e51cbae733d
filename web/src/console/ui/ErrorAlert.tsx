import { Alert, Button } from 'antd';
import { useI18n } from '../../shared/i18n.tsx';

const TITLE = { load: 'loadFailed', save: 'saveFailed', action: 'actionFailed' } as const;

/** Shows an API error's localised message, with an optional retry; `kind` says what failed (the title). */
export function ErrorAlert({ error, onRetry, kind = 'load' }: { error: unknown; onRetry?: () => void; kind?: keyof typeof TITLE }) {
  const { t } = useI18n();
  if (!error) return null;
  const msg = error instanceof Error ? error.message : String(error);
  return (
    <Alert
      type="error"
      showIcon
      title={t(TITLE[kind])}
      description={msg}
      action={onRetry ? <Button size="small" onClick={onRetry}>{t('retry')}</Button> : undefined}
      style={{ marginBottom: 12 }}
    />
  );
}
