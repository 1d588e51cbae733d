/** The latest requests of the community (live): click one to see its classification and work order. */
import { Button, Card, List, Space, Typography } from 'antd';
import { formatDateTime } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useRequests, type RequestItem } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { CategoryTag, StatusTag, UrgencyTag } from '../../modules/workorders/Tags.tsx';

export function RecentRequests({ communityId, selectedId, onSelect }: { communityId: string | null; selectedId?: string; onSelect: (r: RequestItem) => void }) {
  const w = useWoText();
  const { t } = useI18n();
  const q = useRequests({ communityId, limit: 15 });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card size="small" title={w('requests')} data-testid="desk-recent">
      {q.error ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
      <List<RequestItem>
        size="small"
        loading={q.isLoading}
        dataSource={items}
        locale={{ emptyText: t('empty') }}
        renderItem={(r) => (
          <List.Item onClick={() => onSelect(r)} style={{ cursor: 'pointer', background: r.id === selectedId ? '#e6f4ff' : undefined, paddingInline: 8 }} data-testid="desk-recent-item">
            <div style={{ width: '100%', minWidth: 0 }}>
              <Space size={4} wrap>
                <UrgencyTag urgency={r.urgency} />
                <CategoryTag category={r.category} />
                <StatusTag status={r.status} request />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(r.createdAt)} · {w(`channel.${r.channel}`, r.channel)} · {r.roomCode ?? (r.location || '—')}
                </Typography.Text>
              </Space>
              <Typography.Paragraph ellipsis={{ rows: 1 }} style={{ margin: '2px 0 0' }}>
                {r.description}
              </Typography.Paragraph>
            </div>
          </List.Item>
        )}
      />
      {q.hasNextPage && (
        <Button size="small" block onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
          {t('loadMore')}
        </Button>
      )}
    </Card>
  );
}
