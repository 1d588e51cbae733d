/** Console shell: header (brand, community switcher, language, user menu) + side navigation. */
import { Suspense, useEffect, useState } from 'react';
import { Button, Dropdown, Layout, Menu, Select, Space, Spin, Typography } from 'antd';
import { GlobalOutlined, HomeFilled, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../../shared/i18n.tsx';
import { useAuthActions, type SessionUser } from '../../shared/session.ts';
import { useLiveUpdates } from '../../shared/live.ts';
import { NAV, activeNav, type NavItem } from './nav.tsx';
import { useCommunity } from '../../shared/community.tsx';
import { NotificationBell } from '../modules/workorders/NotificationBell.tsx';

function toMenu(items: NavItem[], t: (k: string) => string): NonNullable<Parameters<typeof Menu>[0]['items']> {
  return items.map((n) => ({ key: n.path ?? n.key, icon: n.icon, label: t(n.label), children: n.children ? toMenu(n.children, t) : undefined }));
}

export function ConsoleLayout({ user }: { user: SessionUser }) {
  const { t, lang, setLang } = useI18n();
  const { communities, communityId, setCommunityId, isLoading } = useCommunity();
  const { logout } = useAuthActions();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  useLiveUpdates(communityId);
  const current = activeNav(pathname);
  const group = NAV.find((n) => n.children?.some((c) => c.path === current?.path))?.key;
  const [openKeys, setOpenKeys] = useState<string[]>(() => [...new Set(['property', ...(group ? [group] : [])])]);
  // The group of the current page is always open (e.g. after following a link).
  useEffect(() => {
    if (group) setOpenKeys((k) => (k.includes(group) ? k : [...k, group]));
  }, [group]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="pms-header" style={{ position: 'sticky', top: 0, zIndex: 10 }}>
        <div className="pms-brand">
          <HomeFilled /> {t('productName')}
        </div>
        <Select
          data-testid="community-switcher"
          aria-label={t('community')}
          style={{ minWidth: 220 }}
          loading={isLoading}
          value={communityId ?? undefined}
          placeholder={t('selectCommunity')}
          onChange={(id) => setCommunityId(id)}
          options={communities.map((c) => ({ value: c.id, label: c.name }))}
          showSearch={{ optionFilterProp: 'label' }}
          notFoundContent={t('noCommunity')}
        />
        <div className="pms-header-spacer" />
        <Space size={4}>
          <NotificationBell />
          <Button type="text" icon={<GlobalOutlined />} onClick={() => setLang(lang === 'en-US' ? 'zh-CN' : 'en-US')} data-testid="lang-switch">
            {lang === 'en-US' ? '中文' : 'English'}
          </Button>
          <Dropdown
            menu={{
              items: [{ key: 'logout', icon: <LogoutOutlined />, label: t('logout') }],
              onClick: async ({ key }) => {
                if (key === 'logout') {
                  await logout();
                  navigate('/');
                }
              },
            }}
          >
            <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
              <Typography.Text className="pms-user-name">{user.name}</Typography.Text>
            </Button>
          </Dropdown>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={200} className="pms-sider" breakpoint="lg" collapsedWidth={56}>
          <Menu
            mode="inline"
            selectedKeys={current?.path ? [current.path] : []}
            openKeys={openKeys}
            onOpenChange={setOpenKeys}
            items={toMenu(NAV, t)}
            onClick={({ key }) => navigate(key)}
          />
        </Layout.Sider>
        <Layout.Content className="pms-content">
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
