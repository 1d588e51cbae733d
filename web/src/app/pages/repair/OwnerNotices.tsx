/** 消息: the owner's latest unread notifications (dispatched, on the way, completed …); tap to open and mark read. */
import { List } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { formatDateTime } from '../../../shared/format.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { ownerTarget, useMarkRead, useNotifications } from '../../../shared/notifications.ts';

export function OwnerNotices() {
  const w = useWoText();
  const navigate = useNavigate();
  const q = useNotifications(10);
  const read = useMarkRead();
  const unread = (q.data?.items ?? []).filter((n) => !n.readAt).slice(0, 3);
  if (!unread.length) return null;
  return (
    <List mode="card" header={`${w('notifications')} (${q.data?.unread ?? unread.length})`} data-testid="owner-notices">
      {unread.map((n) => (
        <List.Item
          key={n.id}
          description={formatDateTime(n.createdAt)}
          onClick={() => {
            read.mutate(n.id);
            const to = ownerTarget(n.link);
            if (to) navigate(to);
          }}
        >
          {n.title}
        </List.Item>
      ))}
    </List>
  );
}
