/** A tidy "coming soon" page listing the SPEC requirements the page will cover. */
import { Button, Card, Result, Space, Tag } from 'antd';
import { BuildOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../shared/i18n.tsx';

export function Placeholder({ title, reqs = [] }: { title: string; reqs?: string[] }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Card data-testid="placeholder">
      <Result
        icon={<BuildOutlined style={{ color: '#1677ff' }} />}
        title={`${title} · ${t('underConstruction')}`}
        subTitle={t('underConstructionText')}
        extra={
          <Space orientation="vertical" align="center" size={16}>
            <Space wrap style={{ justifyContent: 'center' }}>
              {reqs.map((r) => (
                <Tag key={r} color="blue">
                  {r}
                </Tag>
              ))}
            </Space>
            <Button onClick={() => navigate('/')}>{t('backHome')}</Button>
          </Space>
        }
      />
    </Card>
  );
}
