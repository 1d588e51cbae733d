/** 首页: greeting, quick services and "我的房屋" (the owner's rooms with their details). */
import { Grid, Toast } from 'antd-mobile';
import { BellOutline, BillOutline, EditSOutline, TeamOutline } from 'antd-mobile-icons';
import { useNavigate } from 'react-router-dom';
import type { SessionUser } from '../../shared/session.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { MyRooms } from './MyRooms.tsx';

export function HomePage({ user }: { user: SessionUser }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const soon = () => Toast.show({ content: t('comingSoon') });
  const actions = [
    { key: 'repair', label: t('reportRepair'), icon: <EditSOutline />, color: '#1677ff', onClick: () => navigate('/repair/new') },
    { key: 'bills', label: t('payBills'), icon: <BillOutline />, color: '#fa8c16', onClick: () => navigate('/bills') },
    { key: 'visitor', label: t('visitorPass'), icon: <TeamOutline />, color: '#52c41a', onClick: soon },
    { key: 'notices', label: t('noticesShort'), icon: <BellOutline />, color: '#eb2f96', onClick: soon },
  ];
  return (
    <div>
      <div className="owner-hero">
        <h1>
          {t('welcome')}，{user.name}
        </h1>
        <p>{t('ownerAppName')}</p>
      </div>
      <div className="owner-card">
        <Grid columns={4} gap={8}>
          {actions.map((a) => (
            <Grid.Item key={a.key} onClick={a.onClick} className="owner-action" data-testid={`action-${a.key}`}>
              <div className="owner-action-icon" style={{ color: a.color }}>
                {a.icon}
              </div>
              <div className="owner-action-label">{a.label}</div>
            </Grid.Item>
          ))}
        </Grid>
      </div>
      <div className="owner-section-title">{t('myRooms')}</div>
      <MyRooms user={user} />
    </div>
  );
}
