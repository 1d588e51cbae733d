/** The localised message of a refused action (the API answers zh or en); ErrorAlert is for failed loads. */
import { Alert } from 'antd';
import { useBillingText } from './billingText.ts';

export function ActionError({ error }: { error: unknown }) {
  const b = useBillingText();
  if (!error) return null;
  return <Alert type="error" showIcon title={b('actionFailed')} description={error instanceof Error ? error.message : String(error)} style={{ marginBottom: 12 }} data-testid="billing-action-error" />;
}
