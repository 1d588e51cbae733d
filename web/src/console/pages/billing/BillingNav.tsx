/** The billing pages' own tab bar (the side navigation keeps one "收费" entry). */
import { Tabs } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { can, useSession } from '../../../shared/session.ts';
import { useCommunity } from '../../../shared/community.tsx';
import { useBillingText } from './billingText.ts';
import './billing.css';

/** `anyOf`: the tab shows when the user holds one of these in the community (the server still decides). */
export const BILLING_TABS: ReadonlyArray<{ path: string; label: string; anyOf?: readonly string[] }> = [
  { path: '/fees', label: 'navFees' },
  { path: '/fees/payments', label: 'navPayments', anyOf: ['payment.collect', 'payment.refund'] },
  { path: '/fees/adjustments', label: 'navAdjustments', anyOf: ['payment.refund', 'payment.approve'] },
  { path: '/fees/dunning', label: 'navDunning' },
  { path: '/fees/late-fees', label: 'navLateFees' },
  { path: '/fees/public-income', label: 'navPublicIncome', anyOf: ['publicincome.manage', 'finance.report'] },
  { path: '/fees/reports', label: 'navReports', anyOf: ['finance.report'] },
  { path: '/fees/cash-count', label: 'navCashCount', anyOf: ['finance.report'] },
  { path: '/fees/discounts', label: 'navDiscounts' },
  { path: '/fees/documents', label: 'navDocuments' },
];

export function BillingNav() {
  const b = useBillingText();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const { data: user } = useSession();
  const { communityId } = useCommunity();
  const tabs = BILLING_TABS.filter((t) => !t.anyOf || t.anyOf.some((p) => can(user, p, communityId)));
  const active = [...BILLING_TABS].sort((x, y) => y.path.length - x.path.length).find((t) => pathname.startsWith(t.path))?.path ?? '/fees';
  return (
    <Tabs
      className="billing-nav"
      size="small"
      activeKey={active}
      onChange={(k) => navigate(k)}
      items={tabs.map((t) => ({ key: t.path, label: <span data-testid={`billing-tab-${t.path.split('/')[2] ?? 'fees'}`}>{b(t.label)}</span> }))}
      style={{ marginBottom: 4 }}
    />
  );
}
