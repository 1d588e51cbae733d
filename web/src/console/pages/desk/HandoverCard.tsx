/** 夜间交接 (R-DESK-5): requests the monitoring centre took after hours, handed over to customer service in the morning. */
import { App, Button, Card, List, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import type { RequestItem } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { UrgencyTag } from '../../modules/workorders/Tags.tsx';

export function HandoverCard({ communityId, onSelect }: { communityId: string | null; onSelect: (r: RequestItem) => void }) {
  const w = useWoText();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['request', 'handover', communityId], enabled: !!communityId, retry: false, queryFn: () => api.get<{ items: RequestItem[] }>('/api/v1/requests/handover', { communityId }) });
  const items = q.data?.items ?? [];
  if (!items.length) return null;

  async function confirm() {
    try {
      await api.post('/api/v1/requests/handover', { communityId });
      void qc.invalidateQueries({ queryKey: ['request'] });
      message.success(w('done'));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Card
      size="small"
      title={`${w('req.handover')} (${items.length})`}
      extra={
        <Button size="small" type="primary" onClick={() => void confirm()}>
          {w('req.handoverConfirm')}
        </Button>
      }
      style={{ marginBottom: 12, borderColor: '#ffd591' }}
      data-testid="desk-handover"
    >
      <List<RequestItem>
        size="small"
        dataSource={items}
        renderItem={(r) => (
          <List.Item onClick={() => onSelect(r)} style={{ cursor: 'pointer' }}>
            <UrgencyTag urgency={r.urgency} />
            <Typography.Text ellipsis style={{ flex: 1 }}>
              {r.description}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(r.createdAt)}
            </Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}
