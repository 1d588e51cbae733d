/** 公共区域 list. */
import { useI18n } from '../../../shared/i18n.tsx';
import { useCommunity } from '../../../shared/community.tsx';
import { useTree } from './propertyApi.ts';
import { CommunityListPage } from './CommunityListPage.tsx';

interface CommonArea {
  id: string;
  code: string;
  name: string;
  kind: string;
  buildingId: string | null;
  location?: string;
}

export function CommonAreasPage() {
  const { t } = useI18n();
  const { communityId } = useCommunity();
  const tree = useTree(communityId);
  const buildingName = (id: string | null) => (id ? (tree.data?.find((b) => b.id === id)?.name ?? '—') : '—');
  return (
    <CommunityListPage<CommonArea>
      title={t('commonAreas')}
      resource="common-areas"
      testId="common-areas-table"
      columns={[
        { title: t('code'), dataIndex: 'code', width: 120 },
        { title: t('name'), dataIndex: 'name', width: 200 },
        { title: t('kind'), dataIndex: 'kind', width: 120, render: (v: string) => t(`commonArea.${v}`, v) },
        { title: t('building'), dataIndex: 'buildingId', render: (v: string | null) => buildingName(v) },
      ]}
    />
  );
}
