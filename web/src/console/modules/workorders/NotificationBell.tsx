/** 通知: a bell with the unread count; the list opens in a popover, a click marks read and follows the link. */
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { formatDateTime } from '../../../shared/format.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { consoleTarget, useMarkRead, useNotifications, type Notice } from '../../../shared/notifications.ts';

export function NotificationBell() {
  const w = useWoText();
  const navigate = useNavigate();
  const q = useNotifications();
  const read = useMarkRead();
  const open = (n: Notice) => {
    if (!n.readAt) read.mutate(n.id);
    const to = consoleTarget(n.link);
    if (to) navigate(to);
  };
  const list = (
    <div style={{ width: 360, maxHeight: 420, overflowY: 'auto' }} data-testid="notification-list">
      {q.data?.items.length ? (
        <List<Notice>
          size="small"
          dataSource={q.data.items}
          renderItem={(n) => (
            <List.Item onClick={() => open(n)} style={{ cursor: 'pointer', opacity: n.readAt ? 0.6 : 1 }}>
              <div style={{ minWidth: 0 }}>
                <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                {n.body ? <div style={{ fontSize: 12, color: '#666' }}>{n.body}</div> : null}
                <div style={{ fontSize: 12, color: '#999' }}>{formatDateTime(n.createdAt)}</div>
              </div>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={w('none')} />
      )}
    </div>
  );
  return (
    <Popover content={list} title={w('notifications')} trigger="click" placement="bottomRight">
      <Button type="text" data-testid="notification-bell" aria-label={w('notifications')}>
        <Badge count={q.data?.unread ?? 0} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 17 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
