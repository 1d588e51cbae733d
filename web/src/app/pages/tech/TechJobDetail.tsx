/** One job on the phone: what and where, clocks, and big buttons for the legal next steps. */
import { useState } from 'react';
import { Button, Card, Dialog, DotLoading, NavBar, Space, Tag, TextArea, Toast } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router-dom';
import { formatDateTime, formatFen } from '../../../shared/format.ts';
import { useSession } from '../../../shared/session.ts';
import { useWoAction, useWorkOrder } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { allowedActions } from '../../../shared/workorders/permissions.ts';
import { RoomCode } from '../../../shared/workorders/RoomCode.tsx';
import { MobileClocks } from './MobileClocks.tsx';
import { CompleteForm } from './CompleteForm.tsx';
import { WaitSheet } from './WaitSheet.tsx';
import { QuoteSheet } from './QuoteSheet.tsx';

const FIELD_ACTIONS = ['grab', 'depart', 'start', 'wait', 'resume', 'complete', 'return'];

export function TechJobDetail() {
  const w = useWoText();
  const { id } = useParams();
  const navigate = useNavigate();
  const { data: user } = useSession();
  const q = useWorkOrder(id);
  const act = useWoAction();
  const [completing, setCompleting] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const [quoting, setQuoting] = useState(false);
  const wo = q.data;

  async function run(action: string, body?: Record<string, unknown>) {
    try {
      await act.mutateAsync({ id: id!, action, body });
      Toast.show({ content: `${w(`action.${action}`)} · ${w('done')}`, icon: 'success' });
    } catch (e) {
      Toast.show({ content: e instanceof Error ? e.message : String(e), icon: 'fail', duration: 3000 });
      void q.refetch();
    }
  }

  async function giveBack() {
    let reason = '';
    const ok = await Dialog.confirm({ title: w('action.return'), content: <TextArea placeholder={w('reason')} onChange={(v) => (reason = v)} rows={3} /> });
    if (ok && reason.trim()) await run('return', { reason: reason.trim() });
  }

  const actions = wo ? allowedActions(user, wo).filter((a) => FIELD_ACTIONS.includes(a)) : [];
  // Household jobs: state the plan and the fee before work (R-WO-4).
  const mayQuote = !!wo && wo.scope === 'household' && ['dispatched', 'on_the_way', 'in_progress', 'waiting_parts', 'waiting_owner'].includes(wo.status) && allowedActions(user, { ...wo, actions: ['complete'] }).includes('complete');
  const press = (a: string) => (a === 'complete' ? setCompleting(true) : a === 'wait' ? setWaiting(true) : a === 'return' ? void giveBack() : void run(a));

  return (
    <div>
      <NavBar onBack={() => navigate('/tech')}>{wo?.formNumber ?? w('workOrder')}</NavBar>
      {!wo ? (
        <div style={{ textAlign: 'center', padding: 32 }}>{q.error ? (q.error as Error).message : <DotLoading color="primary" />}</div>
      ) : (
        <div style={{ padding: 12 }} data-testid="tech-detail">
          <Card>
            <Space wrap style={{ marginBottom: 8 }}>
              <Tag color="primary" data-testid="tech-status" data-status={wo.status}>
                {w(`status.${wo.status}`)}
              </Tag>
              {wo.urgency === 'emergency' && <Tag color="danger">{w('urgency.emergency')}</Tag>}
              <Tag>{w(`category.${wo.type}`, wo.type)}</Tag>
            </Space>
            <div style={{ fontSize: 17, marginBottom: 8 }}>{wo.description}</div>
            <div style={{ color: '#666', lineHeight: 1.8 }}>
              <div>
                {w('location')}：{wo.roomId ? <RoomCode id={wo.roomId} /> : null} {wo.location}
              </div>
              <div>
                {w('eta')}：{formatDateTime(wo.etaAt)}
              </div>
              {wo.waitReason ? (
                <div>
                  {w(`wait.${wo.waitReason}`)} {wo.waitNote ?? ''}
                </div>
              ) : null}
              {wo.appointmentAt ? (
                <div>
                  {w('wait.appointment')}：{formatDateTime(wo.appointmentAt)}
                </div>
              ) : null}
            </div>
            <div style={{ marginTop: 8 }}>
              <MobileClocks deadlines={wo.deadlines} />
            </div>
          </Card>
          <div style={{ display: 'grid', gap: 10, marginTop: 16 }} data-testid="tech-actions">
            {actions.map((a) => (
              <Button key={a} block size="large" color={a === 'return' ? 'danger' : a === 'wait' ? 'default' : 'primary'} fill={a === 'return' ? 'outline' : 'solid'} loading={act.isPending && act.variables?.action === a} onClick={() => press(a)} data-testid={`tech-action-${a}`}>
                {w(`action.${a}`)}
              </Button>
            ))}
          </div>
          {mayQuote && (
            <Button block fill="outline" color="primary" style={{ marginTop: 10 }} onClick={() => setQuoting(true)} data-testid="tech-action-quote">
              {w('action.quote')}
              {wo.quote ? ` · ${formatFen(wo.quote.totalFen)}` : ''}
            </Button>
          )}
          <QuoteSheet order={wo} visible={quoting} onClose={() => setQuoting(false)} />
          <WaitSheet
            visible={waiting}
            onClose={() => setWaiting(false)}
            onSubmit={(body) => {
              setWaiting(false);
              void run('wait', body);
            }}
          />
          <CompleteForm order={wo} visible={completing} onClose={() => setCompleting(false)} />
        </div>
      )}
    </div>
  );
}
