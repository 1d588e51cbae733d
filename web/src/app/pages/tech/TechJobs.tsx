/** 我的工单 (technician, phone): open jobs first, the finished ones on the second tab. */
import { useState } from 'react';
import { DotLoading, ErrorBlock, List, Tabs, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { formatDateTime } from '../../../shared/format.ts';
import type { SessionUser } from '../../../shared/session.ts';
import { useWorkOrders } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { RoomCode } from '../../../shared/workorders/RoomCode.tsx';
import { rowDeadline } from '../../../shared/workorders/clock.ts';
import { MobileClocks } from './MobileClocks.tsx';

const OPEN = 'dispatched,on_the_way,in_progress,waiting_parts,waiting_owner';
const DONE = 'completed,signed_off,callback_done,closed';

export function TechJobs({ user, communityId }: { user: SessionUser; communityId: string | null }) {
  const w = useWoText();
  const navigate = useNavigate();
  const [tab, setTab] = useState('open');
  const filters = tab === 'pool' ? { communityId, pool: true, status: 'accepted', limit: 50 } : { communityId, assigneeId: user.id, status: tab === 'open' ? OPEN : DONE, limit: 50 };
  const q = useWorkOrders(filters, !!communityId);
  // Emergencies first, then the earliest ETA.
  const rank = (o: { urgency: string; etaAt: string | null }) => [o.urgency === 'emergency' ? 0 : 1, o.etaAt ? Date.parse(o.etaAt) : Infinity] as const;
  const items = [...(q.data?.pages.flatMap((p) => p.items) ?? [])].sort((a, b) => rank(a)[0] - rank(b)[0] || rank(a)[1] - rank(b)[1]);
  return (
    <div>
      <Tabs activeKey={tab} onChange={setTab}>
        <Tabs.Tab title={w('openOnly')} key="open" />
        <Tabs.Tab title={w('tech.pool')} key="pool" />
        <Tabs.Tab title={w('status.completed')} key="done" />
      </Tabs>
      {q.isLoading ? (
        <div style={{ textAlign: 'center', padding: 32 }}>
          <DotLoading color="primary" />
        </div>
      ) : items.length === 0 ? (
        <ErrorBlock status="empty" title={w('none')} description="" />
      ) : (
        <List data-testid="tech-jobs">
          {items.map((o) => (
            <List.Item
              key={o.id}
              onClick={() => navigate(`/tech/${o.id}`)}
              data-testid="tech-job"
              description={
                <>
                  <div>
                    {o.roomId ? <RoomCode id={o.roomId} /> : o.location || '—'} · {w('eta')} {formatDateTime(o.etaAt)}
                  </div>
                  {/* the promise running now, counting down: which job is most pressing */}
                  {o.clock && (
                    <div style={{ marginTop: 4 }}>
                      <MobileClocks deadlines={[rowDeadline(o.clock)]} />
                    </div>
                  )}
                </>
              }
              extra={<span data-testid="tech-job-status">{w(`status.${o.status}`)}</span>}
            >
              {o.urgency === 'emergency' && (
                <Tag color="danger" style={{ marginRight: 6 }}>
                  {w('urgency.emergency')}
                </Tag>
              )}
              {o.description}
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}
