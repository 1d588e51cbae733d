/** Buttons for the actions that are legal now and that this user may take; 409s show the server's localised message. */
import { useState } from 'react';
import { App, Button, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../../shared/api.ts';
import { useSession } from '../../../shared/session.ts';
import { useWoAction, type WorkOrderDetail } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { allowedActions, NEEDS_FORM } from '../../../shared/workorders/permissions.ts';
import { ActionModal } from './ActionModal.tsx';
import { DispatchDialog } from './DispatchDialog.tsx';

const PRIMARY = new Set(['accept', 'dispatch', 'depart', 'start', 'complete', 'callback', 'close', 'resume']);
const DANGER = new Set(['cancel', 'return']);

export function ActionBar({ order }: { order: WorkOrderDetail }) {
  const w = useWoText();
  const { message } = App.useApp();
  const { data: user } = useSession();
  const act = useWoAction();
  const qc = useQueryClient();
  const [form, setForm] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const actions = allowedActions(user, order);

  async function run(action: string) {
    if (NEEDS_FORM.has(action)) return setForm(action);
    setPending(action);
    try {
      await act.mutateAsync({ id: order.id, action });
      message.success(`${w(`action.${action}`)} · ${w('done')}`);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
      // A 409 means this page was stale: show the order as it is now.
      if (e instanceof ApiError && e.status === 409) void qc.invalidateQueries({ queryKey: ['workorder'] });
    } finally {
      setPending(null);
    }
  }

  if (!actions.length) return null;
  return (
    <>
      <Space wrap data-testid="wo-actions">
        {actions.map((a) => (
          <Button key={a} type={PRIMARY.has(a) ? 'primary' : 'default'} danger={DANGER.has(a)} loading={pending === a} onClick={() => void run(a)} data-testid={`wo-action-${a}`}>
            {w(`action.${a}`)}
          </Button>
        ))}
      </Space>
      <DispatchDialog order={order} mode={form === 'transfer' ? 'transfer' : 'dispatch'} open={form === 'dispatch' || form === 'transfer'} onClose={() => setForm(null)} />
      <ActionModal order={order} action={form && form !== 'dispatch' && form !== 'transfer' ? form : null} onClose={() => setForm(null)} />
    </>
  );
}
