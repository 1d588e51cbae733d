/** 工作台: who and where I am, the community at a glance, shortcuts; KPIs and charts come with their modules. */
import { Card, Col, Descriptions, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../shared/i18n.tsx';
import { useSession } from '../../shared/session.ts';
import { useCommunity } from '../../shared/community.tsx';
import { NAV_PAGES } from '../app/nav.tsx';
import { useTree } from './property/propertyApi.ts';

export function DashboardPage() {
  const { t } = useI18n();
  const { data: user } = useSession();
  const { community, communityId } = useCommunity();
  const tree = useTree(communityId);
  const navigate = useNavigate();
  const buildings = tree.data ?? [];
  const roomCount = buildings.reduce((s, b) => s + (b.roomCount ?? 0), 0);
  const entranceCount = buildings.reduce((s, b) => s + (b.entrances?.length ?? 0), 0);
  const built = NAV_PAGES.filter((n) => n.built && n.path !== '/');
  const planned = NAV_PAGES.filter((n) => !n.built);

  return (
    <div>
      <h1 className="pms-page-title">{t('dashboard')}</h1>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card style={{ height: '100%' }}>
            <Descriptions column={1} size="small" title={`${t('welcome')}，${user?.name ?? ''}`}>
              <Descriptions.Item label={t('community')}>{community?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('roles')}>
                <Space size={[4, 4]} wrap>
                  {(user?.roles ?? []).map((r) => (
                    <Tag key={r} color="blue">
                      {t(`role.${r}`, r)}
                    </Tag>
                  ))}
                </Space>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        {[
          ['building', buildings.length],
          ['entrance', entranceCount],
          ['rooms', roomCount],
        ].map(([label, value]) => (
          <Col xs={8} lg={4} key={label as string}>
            <Card hoverable onClick={() => navigate('/property/rooms')} style={{ height: '100%' }}>
              <Statistic title={t(label as string)} value={value as number} loading={tree.isLoading} />
            </Card>
          </Col>
        ))}
        <Col span={24}>
          <Card size="small" title={t('shortcuts')}>
            <Typography.Text type="secondary">{t('builtPages')}</Typography.Text>
            <div style={{ margin: '6px 0 12px' }}>
              {built.map((n) => (
                <Tag key={n.key} icon={n.icon} color="processing" style={{ cursor: 'pointer', marginBottom: 6, padding: '2px 8px' }} onClick={() => navigate(n.path!)}>
                  {t(n.label)}
                </Tag>
              ))}
            </div>
            <Typography.Text type="secondary">{t('plannedPages')}</Typography.Text>
            <div style={{ marginTop: 6 }}>
              {planned.map((n) => (
                <Tag key={n.key} icon={n.icon} style={{ cursor: 'pointer', marginBottom: 6, padding: '2px 8px' }} onClick={() => navigate(n.path!)}>
                  {t(n.label)}
                </Tag>
              ))}
            </div>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
