/** Coloured tags for work-order / request status, urgency and category. */
import { Tag } from 'antd';
import { useWoText } from '../../../shared/workorders/labels.ts';
import './wo.css';

const STATUS_COLORS: Record<string, string> = {
  new: 'orange', accepted: 'gold', dispatched: 'blue', on_the_way: 'geekblue', in_progress: 'processing',
  waiting_parts: 'purple', waiting_owner: 'purple', completed: 'cyan', signed_off: 'green', callback_done: 'green',
  closed: 'default', cancelled: 'default', returned: 'magenta',
  open: 'orange', routed: 'blue', resolved: 'green',
};

export function StatusTag({ status, request = false }: { status: string; request?: boolean }) {
  const w = useWoText();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid="wo-status" data-status={status}>
      {w(request ? `rstatus.${status}` : `status.${status}`, status)}
    </Tag>
  );
}

export function UrgencyTag({ urgency }: { urgency: string }) {
  const w = useWoText();
  const color = urgency === 'emergency' ? 'red' : urgency === 'enquiry' ? 'default' : 'blue';
  return (
    <Tag color={color} data-testid="urgency-tag" data-urgency={urgency}>
      {w(`urgency.${urgency}`, urgency)}
    </Tag>
  );
}

export function CategoryTag({ category }: { category: string }) {
  const w = useWoText();
  return <Tag data-testid="category-tag">{w(`category.${category}`, category)}</Tag>;
}
