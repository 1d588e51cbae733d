import { Tag } from 'antd';
import { useI18n } from '../../../shared/i18n.tsx';

const STATUS_COLOR: Record<string, string> = { unsold: 'default', vacant: 'orange', occupied: 'green', renovating: 'blue' };

export function StatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLOR[status] ?? 'default'}>{t(`status.${status}`, status)}</Tag>;
}

export const ROOM_STATUSES = ['unsold', 'vacant', 'occupied', 'renovating'] as const;
export const ROOM_USES = ['residential', 'commercial', 'parking'] as const;
