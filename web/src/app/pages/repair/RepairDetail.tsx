/** One repair as the owner sees it, updating live: progress steps, technician and ETA, history, sign-off and rating. */
import { Card, DotLoading, Image, NavBar, Rate, Space, Steps, Tag } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router-dom';
import { formatDateTime, formatFen } from '../../../shared/format.ts';
import { useLiveUpdates } from '../../../shared/live.ts';
import type { SessionUser } from '../../../shared/session.ts';
import { useWorkOrder } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { SignOffForm } from './SignOffForm.tsx';
import { CallbackForm } from './CallbackForm.tsx';

const STEPS = ['accepted', 'dispatched', 'on_the_way', 'in_progress', 'completed', 'closed'];
/** The step reached (highlighted) for each status. */
const STEP_OF: Record<string, number> = { new: 0, accepted: 0, returned: 0, dispatched: 1, on_the_way: 2, in_progress: 3, waiting_parts: 3, waiting_owner: 3, completed: 4, signed_off: 4, callback_done: 4, closed: 5 };

export function RepairDetail({ user }: { user: SessionUser }) {
  const w = useWoText();
  const { id } = useParams();
  const navigate = useNavigate();
  useLiveUpdates(user.rooms[0]?.communityId ?? null);
  const q = useWorkOrder(id);
  const wo = q.data;
  const step = wo ? (STEP_OF[wo.status] ?? 0) : 0;
  const cancelled = wo?.status === 'cancelled';

  return (
    <div>
      <NavBar onBack={() => navigate('/repair')}>{w('repair.detail')}</NavBar>
      {!wo ? (
        <div style={{ textAlign: 'center', padding: 32 }}>{q.error ? (q.error as Error).message : <DotLoading color="primary" />}</div>
      ) : (
        <div style={{ padding: 12 }} data-testid="repair-detail">
          <Card>
            <div style={{ fontSize: 22, fontWeight: 600, color: cancelled ? '#999' : '#1677ff' }} data-testid="repair-status" data-status={wo.status}>
              {w(`status.${wo.status}`)}
            </div>
            <Space wrap style={{ margin: '6px 0' }}>
              {wo.urgency === 'emergency' && <Tag color="danger">{w('urgency.emergency')}</Tag>}
              <Tag fill="outline">{w(`category.${wo.type}`, wo.type)}</Tag>
              <span style={{ color: '#999', fontSize: 13 }}>{wo.formNumber}</span>
            </Space>
            <div style={{ fontSize: 16 }}>{wo.description}</div>
            {wo.photos && wo.photos.length > 0 && (
              <Space wrap style={{ marginTop: 8 }}>
                {wo.photos.map((f) => (
                  <Image key={f} src={`/api/v1/files/${f}`} width={72} height={72} fit="cover" style={{ borderRadius: 4 }} />
                ))}
              </Space>
            )}
          </Card>
          {wo.assignee && (
            <Card style={{ marginTop: 12 }} data-testid="repair-technician">
              <div>
                {w('repair.technician')}：<b>{wo.assignee.name}</b> {wo.assignee.phone}
              </div>
              {wo.etaAt && (
                <div style={{ color: '#666', marginTop: 4 }}>
                  {w('eta')}：{formatDateTime(wo.etaAt)}
                </div>
              )}
            </Card>
          )}
          {wo.quote ? (
            <Card style={{ marginTop: 12 }} data-testid="repair-quote">
              {w('quote.total')}：<b>{formatFen(wo.quote.totalFen)}</b>
              <div style={{ color: '#999', fontSize: 12 }}>{w('quote.noCash')}</div>
            </Card>
          ) : null}
          {wo.actions.includes('sign-off') && <SignOffForm id={wo.id} />}
          {wo.status === 'signed_off' && wo.actions.includes('callback') && <CallbackForm id={wo.id} />}
          {wo.satisfaction ? (
            <Card style={{ marginTop: 12 }}>
              {w('satisfaction')} <Rate readOnly value={wo.satisfaction} style={{ '--star-size': '18px' } as never} />
              {wo.ratingComment ? <div style={{ color: '#666' }}>{wo.ratingComment}</div> : null}
            </Card>
          ) : null}
          {wo.callbackFixed !== null && wo.callbackFixed !== undefined ? (
            <Card style={{ marginTop: 12 }}>
              {w('action.callback')}：{w('fixed')} {wo.callbackFixed ? '✓' : '✗'}
            </Card>
          ) : null}
          <Card title={w('timeline')} style={{ marginTop: 12 }}>
            {!cancelled && (
              <Steps current={step} style={{ '--title-font-size': '13px' } as never}>
                {STEPS.map((s) => (
                  <Steps.Step key={s} title={w(`status.${s}`)} />
                ))}
              </Steps>
            )}
            <Steps direction="vertical" current={wo.history.length - 1} data-testid="repair-history">
              {[...wo.history].reverse().map((h, i) => (
                <Steps.Step key={`${h.at}-${i}`} title={w(`action.${h.action}`, h.action) + (h.to ? ` · ${w(`status.${h.to}`, h.to)}` : '')} description={formatDateTime(h.at)} status={i === 0 ? 'process' : 'finish'} />
              ))}
            </Steps>
          </Card>
        </div>
      )}
    </div>
  );
}
