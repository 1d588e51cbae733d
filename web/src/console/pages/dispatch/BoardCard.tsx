/** One order on the dispatch board: urgency, type, place, age / ETA, the most pressing clock, quick dispatch. */
import { Button, Space, Typography } from 'antd';
import { formatDateTime } from '../../../shared/format.ts';
import type { WorkOrderDetail, WorkOrder } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { CategoryTag, StatusTag, UrgencyTag } from '../../modules/workorders/Tags.tsx';
import { RoomCode } from '../../../shared/workorders/RoomCode.tsx';
import { NextClock } from '../../modules/workorders/ClockCountdown.tsx';

export function BoardCard({ order, detail, assigneeName, onOpen, onDispatch }: { order: WorkOrder; detail?: WorkOrderDetail; assigneeName?: string; onOpen: () => void; onDispatch?: () => void }) {
  const w = useWoText();
  return (
    <div className={`board-card${order.urgency === 'emergency' ? ' emergency' : ''}`} onClick={onOpen} data-testid="board-card" data-wo-id={order.id}>
      <Space size={4} wrap>
        <UrgencyTag urgency={order.urgency} />
        <CategoryTag category={order.type} />
        <StatusTag status={order.status} />
      </Space>
      <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0' }}>
        {order.description}
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {order.roomCode ?? (order.roomId ? <RoomCode id={order.roomId} /> : order.location || '—')} · {formatDateTime(order.createdAt)}
        {assigneeName ? ` · ${assigneeName}` : ''}
        {order.etaAt ? ` · ${w('eta')} ${formatDateTime(order.etaAt).slice(11)}` : ''}
      </Typography.Text>
      <div style={{ marginTop: 4 }}>
        <NextClock deadlines={detail?.deadlines} />
      </div>
      {onDispatch && (
        <Button
          size="small"
          type="primary"
          style={{ marginTop: 4 }}
          onClick={(e) => {
            e.stopPropagation();
            onDispatch();
          }}
          data-testid="board-dispatch"
        >
          {w('action.dispatch')}
        </Button>
      )}
    </div>
  );
}
