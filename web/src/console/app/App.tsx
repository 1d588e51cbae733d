/** Console routes; shows the login page until a staff session exists. */
import { lazy, Suspense, useEffect, type ComponentType, type ReactElement } from 'react';
import { Spin } from 'antd';
import { Route, Routes } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { setUnauthorizedHandler } from '../../shared/api.ts';
import { useSession } from '../../shared/session.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { CommunityProvider } from '../../shared/community.tsx';
import { NAV_PAGES } from './nav.tsx';
import { Placeholder } from '../ui/Placeholder.tsx';

/** A component loaded on first render, from a module's named export. */
function lazyNamed<P, K extends string>(load: () => Promise<Record<K, ComponentType<P>>>, name: K) {
  return lazy(async (): Promise<{ default: ComponentType<P> }> => ({ default: (await load())[name] }));
}

/** Pages load on first visit so the console's first paint ships only the shell (vite splits a chunk per page). */
function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  const Page = lazyNamed<object, K>(load, name);
  return function LazyPage() {
    return (
      <Suspense fallback={<Spin style={{ display: 'block', marginTop: 80 }} />}>
        <Page />
      </Suspense>
    );
  };
}

const RoomsPage = lazyPage(() => import('../pages/property/RoomsPage.tsx'), 'RoomsPage');
const ParkingPage = lazyPage(() => import('../pages/property/ParkingPage.tsx'), 'ParkingPage');
const CommonAreasPage = lazyPage(() => import('../pages/property/CommonAreasPage.tsx'), 'CommonAreasPage');
const EquipmentPage = lazyPage(() => import('../pages/property/EquipmentPage.tsx'), 'EquipmentPage');
const ImportPage = lazyPage(() => import('../pages/property/ImportPage.tsx'), 'ImportPage');
const UsersPage = lazyPage(() => import('../pages/settings/UsersPage.tsx'), 'UsersPage');
const RolesPage = lazyPage(() => import('../pages/settings/RolesPage.tsx'), 'RolesPage');
const CalendarPage = lazyPage(() => import('../pages/settings/CalendarPage.tsx'), 'CalendarPage');
const DeskPage = lazyPage(() => import('../pages/desk/DeskPage.tsx'), 'DeskPage');
const WorkOrdersPage = lazyPage(() => import('../pages/workorders/WorkOrdersPage.tsx'), 'WorkOrdersPage');
const DispatchBoardPage = lazyPage(() => import('../pages/dispatch/DispatchBoardPage.tsx'), 'DispatchBoardPage');
const ArchivePage = lazyPage(() => import('../pages/archive/ArchivePage.tsx'), 'ArchivePage');
const SlaPage = lazyPage(() => import('../pages/sla/SlaPage.tsx'), 'SlaPage');
const FeesPage = lazyPage(() => import('../pages/billing/FeesPage.tsx'), 'FeesPage');
const KpiPage = lazyPage(() => import('../pages/kpi/KpiPage.tsx'), 'KpiPage');
const PaymentsPage = lazyPage(() => import('../pages/billing/PaymentsPage.tsx'), 'PaymentsPage');
const AdjustmentsPage = lazyPage(() => import('../pages/billing/AdjustmentsPage.tsx'), 'AdjustmentsPage');
const DunningPage = lazyPage(() => import('../pages/billing/DunningPage.tsx'), 'DunningPage');
const LateFeesPage = lazyPage(() => import('../pages/billing/LateFeesPage.tsx'), 'LateFeesPage');
const PublicIncomePage = lazyPage(() => import('../pages/billing/PublicIncomePage.tsx'), 'PublicIncomePage');
const BillingReportsPage = lazyPage(() => import('../pages/billing/ReportsPage.tsx'), 'ReportsPage');
const CashCountPage = lazyPage(() => import('../pages/billing/CashCountPage.tsx'), 'CashCountPage');
const DiscountsPage = lazyPage(() => import('../pages/billing/DiscountsPage.tsx'), 'DiscountsPage');
const BillingDocumentsPage = lazyPage(() => import('../pages/billing/DocumentsPage.tsx'), 'DocumentsPage');

/** The technician's phone view (antd-mobile), loaded only when opened. */
// The console's frame, login and dashboard load on demand too: /tech (the technician's phone
// view) shares this entry and needs none of them.
const ConsoleLayout = lazyNamed(() => import('./Layout.tsx'), 'ConsoleLayout');
const LoginPage = lazyNamed(() => import('../pages/LoginPage.tsx'), 'LoginPage');
const DashboardPage = lazyPage(() => import('../pages/DashboardPage.tsx'), 'DashboardPage');
const TechApp = lazyNamed(() => import('../../app/pages/tech/TechApp.tsx'), 'TechApp');

const BUILT: Record<string, ReactElement> = {
  '/': <DashboardPage />,
  '/property/rooms': <RoomsPage />,
  '/property/parking': <ParkingPage />,
  '/property/common-areas': <CommonAreasPage />,
  '/property/equipment': <EquipmentPage />,
  '/property/import': <ImportPage />,
  '/settings/users': <UsersPage />,
  '/settings/roles': <RolesPage />,
  '/settings/calendar': <CalendarPage />,
  '/desk': <DeskPage />,
  '/work-orders': <WorkOrdersPage />,
  '/archive': <ArchivePage />,
  '/fees': <FeesPage />,
};

/** Service-loop pages reached from the work-order pages (not all in the side navigation yet). */
const EXTRA: Record<string, ReactElement> = {
  '/dispatch': <DispatchBoardPage />,
  '/settings/sla': <SlaPage />,
  '/kpi': <KpiPage />,
  // 收费 sub-pages (their own tab bar; the side navigation keeps one 收费 entry)
  '/fees/payments': <PaymentsPage />,
  '/fees/adjustments': <AdjustmentsPage />,
  '/fees/dunning': <DunningPage />,
  '/fees/late-fees': <LateFeesPage />,
  '/fees/public-income': <PublicIncomePage />,
  '/fees/reports': <BillingReportsPage />,
  '/fees/cash-count': <CashCountPage />,
  '/fees/discounts': <DiscountsPage />,
  '/fees/documents': <BillingDocumentsPage />,
};

export function App() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const session = useSession();
  useEffect(() => {
    setUnauthorizedHandler(() => qc.setQueryData(['me'], null));
    return () => setUnauthorizedHandler(null);
  }, [qc]);

  if (session.isLoading) return <Spin fullscreen description={t('loading')} />;
  const user = session.data;
  if (!user || user.kind !== 'staff')
    return (
      <Suspense fallback={<Spin fullscreen />}>
        <LoginPage ownerSignedIn={user?.kind === 'owner'} />
      </Suspense>
    );

  return (
    <CommunityProvider>
      <Routes>
        <Route
          path="/tech/*"
          element={
            <Suspense fallback={<Spin fullscreen />}>
              <TechApp user={user} />
            </Suspense>
          }
        />
        <Route
          element={
            <Suspense fallback={<Spin fullscreen />}>
              <ConsoleLayout user={user} />
            </Suspense>
          }
        >
          {NAV_PAGES.map((n) => (
            <Route key={n.key} path={n.path} element={BUILT[n.path!] ?? EXTRA[n.path!] ?? <Placeholder title={t(n.label)} reqs={n.reqs} />} />
          ))}
          {Object.entries(EXTRA)
            .filter(([path]) => !NAV_PAGES.some((n) => n.path === path))
            .map(([path, el]) => (
              <Route key={path} path={path} element={el} />
            ))}
          <Route path="*" element={<DashboardPage />} />
        </Route>
      </Routes>
    </CommunityProvider>
  );
}
