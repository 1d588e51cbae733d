/** The owner's other requests (complaints, suggestions, enquiries — no work order): status and the desk's reply. */
import { List, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { api, asPage, type Page } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import type { RequestItem } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';

export function OwnerRequests() {
  const w = useWoText();
  const q = useQuery({ queryKey: ['request', 'mine'], queryFn: async () => asPage(await api.get<Page<RequestItem & { reply?: string | null }>>('/api/v1/requests', { limit: 30 })).items });
  const items = (q.data ?? []).filter((r) => !r.workOrderId);
  if (!items.length) return null;
  return (
    <>
      <div className="owner-section-title">{w('repair.otherRequests')}</div>
      <List mode="card" data-testid="owner-requests">
        {items.map((r) => (
          <List.Item key={r.id} description={r.reply ? `${w('req.lastReply')}：${r.reply}` : formatDateTime(r.createdAt)} extra={w(`rstatus.${r.status}`, r.status)}>
            <Tag fill="outline" style={{ marginRight: 6 }}>
              {w(`category.${r.category}`, r.category)}
            </Tag>
            {r.description}
          </List.Item>
        ))}
      </List>
    </>
  );
}
