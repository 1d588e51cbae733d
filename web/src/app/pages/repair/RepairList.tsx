/** 报修: my repairs (newest first, live) and the button to report one. */
import { Button, DotLoading, ErrorBlock, List, Tag } from 'antd-mobile';
import { AddOutline } from 'antd-mobile-icons';
import { useNavigate } from 'react-router-dom';
import { formatDateTime } from '../../../shared/format.ts';
import { useLiveUpdates } from '../../../shared/live.ts';
import type { SessionUser } from '../../../shared/session.ts';
import { useWorkOrders } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { OwnerRequests } from './OwnerRequests.tsx';
import { OwnerNotices } from './OwnerNotices.tsx';

export function RepairList({ user }: { user: SessionUser }) {
  const w = useWoText();
  const navigate = useNavigate();
  const communityId = user.rooms[0]?.communityId ?? null;
  useLiveUpdates(communityId);
  const q = useWorkOrders({ limit: 30 });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div>
      <div className="owner-hero">
        <h1>{w('repair.mine')}</h1>
      </div>
      <div style={{ padding: 12 }}>
        <Button block color="primary" size="large" onClick={() => navigate('/repair/new')} data-testid="repair-new">
          <AddOutline /> {w('repair.new')}
        </Button>
      </div>
      <OwnerNotices />
      {q.isLoading ? (
        <div style={{ textAlign: 'center', padding: 24 }}>
          <DotLoading color="primary" />
        </div>
      ) : items.length === 0 ? (
        <ErrorBlock status="empty" title={w('repair.none')} description="" />
      ) : (
        <List mode="card" data-testid="repair-list">
          {items.map((o) => (
            <List.Item key={o.id} onClick={() => navigate(`/repair/${o.id}`)} description={formatDateTime(o.createdAt)} extra={<span data-testid="repair-list-status">{w(`status.${o.status}`)}</span>}>
              {o.urgency === 'emergency' && (
                <Tag color="danger" style={{ marginRight: 6 }}>
                  {w('urgency.emergency')}
                </Tag>
              )}
              {o.description}
            </List.Item>
          ))}
        </List>
      )}
      {q.hasNextPage && (
        <div style={{ padding: 12 }}>
          <Button block onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
            {w('loadMore')}
          </Button>
        </div>
      )}
      <OwnerRequests />
    </div>
  );
}
