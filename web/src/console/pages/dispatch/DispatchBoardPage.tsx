/** 派单看板 (R-WO-2): unassigned / assigned / overdue columns, technicians' open load, dispatch with suggestions and ETA. */
import { useMemo, useState } from 'react';
import { App, Badge, Card, Empty, Progress, Tag, Typography } from 'antd';
import { useQueries } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { can, useSession } from '../../../shared/session.ts';
import { useCommunity } from '../../../shared/community.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useStaffNames, useTechnicianLoads, useWoAction, useWorkOrders, type WorkOrder, type WorkOrderDetail } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { DispatchDialog } from '../../modules/workorders/DispatchDialog.tsx';
import { WorkOrderDrawer } from '../../modules/workorders/WorkOrderDrawer.tsx';
import { useNow } from '../../../shared/workorders/useNow.ts';
import { BoardCard } from './BoardCard.tsx';
import { RosterCard } from './RosterCard.tsx';

const UNASSIGNED = ['new', 'accepted', 'returned'];
const ASSIGNED = ['dispatched', 'on_the_way', 'in_progress', 'waiting_parts', 'waiting_owner'];

/** Overdue: an open clock past due (not paused), or the ETA passed before the technician started. */
function isOverdue(o: WorkOrder, d: WorkOrderDetail | undefined, now: number): boolean {
  const clocks = (d?.deadlines ?? []).filter((c) => !c.metAt && !c.cancelledAt && !c.paused);
  if (clocks.some((c) => c.breached || Date.parse(c.dueAt) <= now)) return true;
  return !!o.etaAt && ['dispatched', 'on_the_way'].includes(o.status) && Date.parse(o.etaAt) < now;
}

export function DispatchBoardPage() {
  const { t } = useI18n();
  const w = useWoText();
  const { communityId } = useCommunity();
  const { data: user } = useSession();
  const now = useNow(15_000);
  const [params, setParams] = useSearchParams();
  const [dispatching, setDispatching] = useState<WorkOrder | null>(null);
  const names = useStaffNames(communityId);
  const techs = useTechnicianLoads(communityId);
  const q = useWorkOrders({ communityId, status: [...UNASSIGNED, ...ASSIGNED].join(','), limit: 200 }, !!communityId);
  const orders = useMemo(() => q.data?.pages.flatMap((p) => p.items) ?? [], [q.data]);
  // Clocks are on the detail only: load them for the board's orders (first 60).
  const details = useQueries({
    queries: orders.slice(0, 60).map((o) => ({ queryKey: ['workorder', 'detail', o.id], queryFn: () => api.get<WorkOrderDetail>(`/api/v1/work-orders/${o.id}`), staleTime: 30_000 })),
  });
  const detailOf = new Map(details.filter((d) => d.data).map((d) => [d.data!.id, d.data!]));
  const mayDispatch = can(user, 'workorder.dispatch', communityId);
  const mayAccept = can(user, 'request.manage', communityId);
  const act = useWoAction();
  const { message } = App.useApp();
  /** A new order is accepted first (one click for the dispatcher), then dispatched. */
  async function dispatch(o: WorkOrder) {
    try {
      if (o.status === 'new') await act.mutateAsync({ id: o.id, action: 'accept' });
      setDispatching(o);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  const overdue = orders.filter((o) => isOverdue(o, detailOf.get(o.id), now));
  const od = new Set(overdue.map((o) => o.id));
  const columns = [
    { key: 'unassigned', list: orders.filter((o) => UNASSIGNED.includes(o.status) && !od.has(o.id)), color: '#fa8c16' },
    { key: 'assigned', list: orders.filter((o) => ASSIGNED.includes(o.status) && !od.has(o.id)), color: '#1677ff' },
    { key: 'overdue', list: overdue, color: '#ff4d4f' },
  ];
  // Open orders, cap and duty come from the server (all of the technician's open orders, not just the ones loaded here).
  const techList = techs.data?.items ?? [];
  const openWo = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('wo', id);
    else next.delete('wo');
    setParams(next);
  };

  return (
    <div>
      <h1 className="pms-page-title">{w('board.title')}</h1>
      {q.error ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
      <div className="board-grid">
        {columns.map((c) => (
          <div className="board-col" key={c.key} data-testid={`board-${c.key}`}>
            <h3 style={{ color: c.color }}>
              <span>{w(`board.${c.key}`)}</span>
              <Badge count={c.list.length} showZero color={c.color} />
            </h3>
            {c.list.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} /> : null}
            {c.list.map((o) => (
              <BoardCard
                key={o.id}
                order={o}
                detail={detailOf.get(o.id)}
                assigneeName={o.assigneeId ? names.data?.get(o.assigneeId) : undefined}
                onOpen={() => openWo(o.id)}
                onDispatch={mayDispatch && UNASSIGNED.includes(o.status) && (o.status !== 'new' || mayAccept) ? () => void dispatch(o) : undefined}
              />
            ))}
          </div>
        ))}
        <Card size="small" title={w('board.load')} data-testid="board-load">
          {techs.error ? <ErrorAlert error={techs.error} onRetry={() => void techs.refetch()} /> : null}
          {techList.length === 0 && !techs.isLoading ? <Typography.Text type="secondary">{t('empty')}</Typography.Text> : null}
          {techList.map((u) => (
            <div key={u.id} style={{ marginBottom: 8, opacity: u.onDuty ? 1 : 0.55 }} data-testid="tech-load" data-open={u.openOrders} data-on-duty={u.onDuty}>
              <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
                <span>
                  <b>{u.name}</b>{' '}
                  <Tag color={u.onDuty ? 'green' : 'default'} style={{ marginInlineStart: 4 }}>
                    {u.onDuty ? w('onDuty') : w('offDuty')}
                    {u.shift ? ` · ${w(`roster.${u.shift}`)}` : ''}
                  </Tag>
                </span>
                <Typography.Text type={u.atCap ? 'danger' : 'secondary'}>
                  {u.openOrders} / {u.cap}
                </Typography.Text>
              </div>
              <Progress percent={Math.min(100, (u.openOrders / u.cap) * 100)} showInfo={false} size="small" status={u.atCap ? 'exception' : 'normal'} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {u.skills.map((s) => w(`category.${s}`, s)).join(w('listSep')) || '—'}
                {u.phone ? ` · ${u.phone}` : ''}
              </Typography.Text>
            </div>
          ))}
          <RosterCard communityId={communityId} technicians={techList.map((u) => ({ id: u.id, name: u.name }))} mayEdit={mayDispatch} />
        </Card>
      </div>
      <DispatchDialog order={dispatching} open={!!dispatching} onClose={() => setDispatching(null)} />
      <WorkOrderDrawer id={params.get('wo')} onClose={() => openWo(null)} />
    </div>
  );
}
