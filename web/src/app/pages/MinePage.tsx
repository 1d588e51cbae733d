/** 我的: profile, language switch, logout. */
import { Button, List } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../shared/i18n.tsx';
import { useAuthActions, type SessionUser } from '../../shared/session.ts';
import { MyRooms } from './MyRooms.tsx';

export function MinePage({ user }: { user: SessionUser }) {
  const { t, lang, setLang } = useI18n();
  const { logout } = useAuthActions();
  const navigate = useNavigate();
  return (
    <div>
      <div className="owner-hero">
        <h1>{user.name}</h1>
      </div>
      <div className="owner-section-title">{t('myRooms')}</div>
      <MyRooms user={user} />
      <List mode="card">
        <List.Item arrow onClick={() => navigate('/me/info')}>{lang === 'en-US' ? 'My information' : '我的信息'}</List.Item>
        <List.Item extra={lang === 'en-US' ? 'English' : '中文'} onClick={() => setLang(lang === 'en-US' ? 'zh-CN' : 'en-US')}>
          {t('language')}
        </List.Item>
      </List>
      <div style={{ padding: '8px 12px' }}>
        <Button block color="danger" fill="outline" onClick={() => void logout()}>
          {t('logout')}
        </Button>
      </div>
    </div>
  );
}
