/** Left panel: buildings → entrances with room counts; selecting a node filters the rooms table. */
import { Card, Empty, Skeleton, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useI18n } from '../../../shared/i18n.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useTree } from './propertyApi.ts';

export interface TreeSelection {
  buildingId?: string;
  entranceId?: string;
}

export function BuildingTree({ communityId, value, onChange }: { communityId: string | null; value: TreeSelection; onChange: (v: TreeSelection) => void }) {
  const { t } = useI18n();
  const tree = useTree(communityId);
  const count = (n?: number) => (n === undefined ? '' : ` (${n})`);
  const data: DataNode[] = [
    {
      key: 'all',
      title: t('allBuildings'),
      children: (tree.data ?? []).map((b) => ({
        key: `b:${b.id}`,
        title: `${b.name}${count(b.roomCount)}`,
        children: (b.entrances ?? []).map((e) => ({ key: `e:${b.id}:${e.id}`, title: `${e.name}${count(e.roomCount)}`, isLeaf: true })),
      })),
    },
  ];
  const selected = value.entranceId ? `e:${value.buildingId}:${value.entranceId}` : value.buildingId ? `b:${value.buildingId}` : 'all';

  return (
    <Card size="small" title={`${t('building')} / ${t('entrance')}`} styles={{ body: { padding: 8, maxHeight: 'calc(100vh - 190px)', overflow: 'auto' } }}>
      {tree.error ? <ErrorAlert error={tree.error} onRetry={() => void tree.refetch()} /> : null}
      {tree.isLoading ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : tree.data && tree.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} />
      ) : (
        <Tree
          blockNode
          defaultExpandedKeys={['all']}
          selectedKeys={[selected]}
          treeData={data}
          data-testid="building-tree"
          onSelect={(keys) => {
            const k = String(keys[0] ?? 'all');
            if (k.startsWith('e:')) {
              const [, buildingId, entranceId] = k.split(':');
              onChange({ buildingId, entranceId });
            } else if (k.startsWith('b:')) onChange({ buildingId: k.slice(2) });
            else onChange({});
          }}
        />
      )}
    </Card>
  );
}
