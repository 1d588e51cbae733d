/** Technician view for phones at /tech in the console: my jobs → one job → depart / start / wait / complete. Live via SSE. */
import { ConfigProvider, NavBar } from 'antd-mobile';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import enUS from 'antd-mobile/es/locales/en-US';
import { Route, Routes, useNavigate } from 'react-router-dom';
import { useI18n } from '../../../shared/i18n.tsx';
import { useLiveUpdates } from '../../../shared/live.ts';
import type { SessionUser } from '../../../shared/session.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { useCommunity } from '../../../shared/community.tsx';
import { TechJobs } from './TechJobs.tsx';
import { TechJobDetail } from './TechJobDetail.tsx';

export function TechApp({ user }: { user: SessionUser }) {
  const { lang } = useI18n();
  const { communityId, community } = useCommunity();
  const navigate = useNavigate();
  const w = useWoText();
  useLiveUpdates(communityId);
  return (
    <ConfigProvider locale={lang === 'en-US' ? enUS : zhCN}>
      <div style={{ maxWidth: 560, margin: '0 auto', minHeight: '100vh', background: '#f5f6f8' }} data-testid="tech-app">
        <Routes>
          <Route
            index
            element={
              <>
                <NavBar back={w('tech.console')} onBack={() => navigate('/')}>
                  {w('tech.myJobs')} · {community?.name ?? ''}
                </NavBar>
                <TechJobs user={user} communityId={communityId} />
              </>
            }
          />
          <Route path=":id" element={<TechJobDetail />} />
        </Routes>
      </div>
    </ConfigProvider>
  );
}
