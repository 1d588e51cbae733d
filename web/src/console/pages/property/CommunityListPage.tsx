/** A compact list of one community resource (parking spaces, common areas, equipment) with load more. */
import { useMemo, useState } from 'react';
import { App, Button, Card, Input, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { download } from '../../../shared/api.ts';
import { can, useSession } from '../../../shared/session.ts';
import type { ColumnsType } from 'antd/es/table';
import { useI18n } from '../../../shared/i18n.tsx';
import { useCommunity } from '../../../shared/community.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useCommunityList } from './propertyApi.ts';

interface Props<T> {
  title: string;
  resource: string;
  columns: ColumnsType<T>;
  testId: string;
  /** Path under the community of an .xlsx export, e.g. 'equipment/export'. */
  exportPath?: string;
}

export function CommunityListPage<T extends { id: string; code?: string; name?: string }>({ title, resource, columns, testId, exportPath }: Props<T>) {
  const { t } = useI18n();
  const { communityId } = useCommunity();
  const list = useCommunityList<T>(resource, communityId);
  const [filter, setFilter] = useState('');
  const { message } = App.useApp();
  const { data: user } = useSession();
  const items = useMemo(() => {
    const all = list.data?.pages.flatMap((p) => p.items) ?? [];
    const f = filter.trim().toLowerCase();
    const sorted = [...all].sort((a, b) => (a.code ?? '').localeCompare(b.code ?? '', 'zh-CN', { numeric: true }));
    return f ? sorted.filter((x) => `${x.code ?? ''} ${x.name ?? ''}`.toLowerCase().includes(f)) : sorted;
  }, [list.data, filter]);

  return (
    <div>
      <h1 className="pms-page-title">{title}</h1>
      <Card size="small">
        <div className="pms-toolbar">
          <Input.Search allowClear style={{ width: 280 }} placeholder={`${t('code')} / ${t('name')}`} value={filter} onChange={(e) => setFilter(e.target.value)} />
          <div style={{ flex: 1 }} />
          {exportPath && can(user, 'export.run', communityId) && (
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                download(`/api/v1/communities/${communityId}/${exportPath}`, undefined, `${resource}.xlsx`).then(
                  () => message.success(t('exportStarted')),
                  (e: unknown) => message.error(e instanceof Error ? e.message : String(e)),
                )
              }
            >
              {t('export')}
            </Button>
          )}
        </div>
        {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <Table<T> data-testid={testId} rowKey="id" size="small" columns={columns} dataSource={items} loading={list.isLoading} pagination={false} />
        <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginTop: 12 }}>
          <Typography.Text type="secondary">
            {t('shown')} {items.length}
          </Typography.Text>
          {list.hasNextPage && (
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('loadMore')}
            </Button>
          )}
        </div>
      </Card>
    </div>
  );
}
