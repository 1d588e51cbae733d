/** 车位 list. */
import { Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../shared/i18n.tsx';
import { formatArea } from '../../../shared/format.ts';
import { CommunityListPage } from './CommunityListPage.tsx';

interface ParkingSpace {
  id: string;
  code: string;
  areaM2: number | string | null;
  kind: string;
  status: string;
  location: string;
  roomId: string | null;
  roomCode?: string | null;
}

const COLOR: Record<string, string> = { free: 'green', occupied: 'blue', disabled: 'default' };

export function ParkingPage() {
  const { t } = useI18n();
  return (
    <CommunityListPage<ParkingSpace>
      title={t('parkingSpaces')}
      resource="parking-spaces"
      testId="parking-table"
      columns={[
        { title: t('code'), dataIndex: 'code', width: 120 },
        { title: t('kind'), dataIndex: 'kind', width: 100, render: (v: string) => t(`parking.${v}`, v) },
        { title: t('status'), dataIndex: 'status', width: 100, render: (v: string) => <Tag color={COLOR[v]}>{t(`parkingStatus.${v}`, v)}</Tag> },
        { title: t('area'), dataIndex: 'areaM2', width: 110, align: 'right', render: (v: ParkingSpace['areaM2']) => formatArea(v) },
        { title: t('room'), dataIndex: 'roomId', width: 100, render: (v: string | null) => (v ? <Link to={`/property/rooms?room=${v}`}>{t('view')}</Link> : '—') },
        { title: t('location'), dataIndex: 'location' },
      ]}
    />
  );
}
