/** Owner app shell: login gate, pages, bottom tab bar (首页 / 报修 / 账单 / 我的). */
import { useEffect } from 'react';
import { SpinLoading, TabBar } from 'antd-mobile';
import { AppOutline, BillOutline, EditSOutline, UserOutline } from 'antd-mobile-icons';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { setUnauthorizedHandler } from '../shared/api.ts';
import { useI18n } from '../shared/i18n.tsx';
import { useSession } from '../shared/session.ts';
import { OwnerLogin } from './pages/OwnerLogin.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { MinePage } from './pages/MinePage.tsx';
import { MyInfoPage } from './pages/me/MyInfoPage.tsx';
import { RepairList } from './pages/repair/RepairList.tsx';
import { RepairForm } from './pages/repair/RepairForm.tsx';
import { RepairDetail } from './pages/repair/RepairDetail.tsx';
import { MyBills } from './pages/bills/MyBills.tsx';

export function OwnerApp() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const session = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  useEffect(() => {
    setUnauthorizedHandler(() => qc.setQueryData(['me'], null));
    return () => setUnauthorizedHandler(null);
  }, [qc]);

  if (session.isLoading)
    return (
      <div style={{ display: 'flex', justifyContent: 'center', paddingTop: 120 }}>
        <SpinLoading color="primary" />
      </div>
    );
  if (!session.data || session.data.kind !== 'owner') return <OwnerLogin staffSignedIn={session.data?.kind === 'staff'} />;

  const tabs = [
    { key: '/', title: t('home'), icon: <AppOutline /> },
    { key: '/repair', title: t('repair'), icon: <EditSOutline /> },
    { key: '/bills', title: t('bills'), icon: <BillOutline /> },
    { key: '/me', title: t('mine'), icon: <UserOutline /> },
  ];
  const active = tabs.find((tab) => tab.key !== '/' && pathname.startsWith(tab.key))?.key ?? '/';

  return (
    <div className="owner-shell">
      <div className="owner-body">
        <Routes>
          <Route path="/" element={<HomePage user={session.data} />} />
          <Route path="/repair" element={<RepairList user={session.data} />} />
          <Route path="/repair/new" element={<RepairForm user={session.data} />} />
          <Route path="/report" element={<RepairForm user={session.data} />} />
          <Route path="/repair/:id" element={<RepairDetail user={session.data} />} />
          <Route path="/repairs/:id" element={<RepairDetail user={session.data} />} />
          <Route path="/bills" element={<MyBills user={session.data} />} />
          <Route path="/me" element={<MinePage user={session.data} />} />
          <Route path="/me/info" element={<MyInfoPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </div>
      <div className="owner-tabbar">
        <TabBar activeKey={active} onChange={(k) => navigate(k)}>
          {tabs.map((tab) => (
            <TabBar.Item key={tab.key} icon={tab.icon} title={tab.title} />
          ))}
        </TabBar>
      </div>
    </div>
  );
}
