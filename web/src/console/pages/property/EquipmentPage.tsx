/** 设备 list: elevators, fire systems, power and pump rooms … with location and status. */
import { Tag } from 'antd';
import { useI18n } from '../../../shared/i18n.tsx';
import { CommunityListPage } from './CommunityListPage.tsx';

interface Equipment {
  id: string;
  code: string;
  name: string;
  kind: string;
  location: string;
  model: string;
  status: string;
}

const COLOR: Record<string, string> = { normal: 'green', fault: 'red', maintenance: 'orange', retired: 'default' };

export function EquipmentPage() {
  const { t } = useI18n();
  return (
    <CommunityListPage<Equipment>
      title={t('equipment')}
      resource="equipment"
      testId="equipment-table"
      exportPath="equipment/export"
      columns={[
        { title: t('code'), dataIndex: 'code', width: 120 },
        { title: t('name'), dataIndex: 'name', width: 200 },
        { title: t('kind'), dataIndex: 'kind', width: 110, render: (v: string) => t(`equipmentKind.${v}`, v) },
        { title: t('location'), dataIndex: 'location', render: (v: string) => v || '—' },
        { title: t('model'), dataIndex: 'model', width: 140, render: (v: string) => v || '—' },
        { title: t('status'), dataIndex: 'status', width: 90, render: (v: string) => <Tag color={COLOR[v]}>{t(`equipmentStatus.${v}`, v)}</Tag> },
      ]}
    />
  );
}
