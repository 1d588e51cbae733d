/** Work-order detail in a drawer: facts, live clocks, legal actions, timeline. Refreshes on live events. */
import { Descriptions, Divider, Drawer, Image, Rate, Skeleton, Space, Tag, Typography } from 'antd';
import { formatDateTime, formatFen } from '../../../shared/format.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useStaffNames, useWorkOrder } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { CategoryTag, StatusTag, UrgencyTag } from './Tags.tsx';
import { ClockList } from './ClockCountdown.tsx';
import { Timeline } from './Timeline.tsx';
import { ActionBar } from './ActionBar.tsx';
import { RoomCode } from '../../../shared/workorders/RoomCode.tsx';

const fileUrl = (id: string) => `/api/v1/files/${id}`;

export function WorkOrderDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const w = useWoText();
  const q = useWorkOrder(id);
  const wo = q.data;
  const names = useStaffNames(wo?.communityId);
  return (
    <Drawer open={!!id} onClose={onClose} width={620} title={wo ? `${w('workOrder')} ${wo.formNumber ?? ''}` : w('workOrder')} destroyOnHidden data-testid="wo-drawer">
      {q.error ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
      {!wo ? (
        <Skeleton active />
      ) : (
        <div data-testid="wo-detail" data-wo-id={wo.id}>
          <Space wrap style={{ marginBottom: 12 }}>
            <StatusTag status={wo.status} />
            <UrgencyTag urgency={wo.urgency} />
            <CategoryTag category={wo.type} />
          </Space>
          <Typography.Paragraph style={{ fontSize: 15 }}>{wo.description}</Typography.Paragraph>
          <ActionBar order={wo} />
          <Divider titlePlacement="start">{w('deadlines')}</Divider>
          <ClockList deadlines={wo.deadlines} />
          <Divider />
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={w('location')} span={2}>
              {wo.roomId ? <RoomCode id={wo.roomId} /> : null} {wo.location || (wo.roomId ? '' : '—')} · {w(`scope.${wo.scope}`, wo.scope)}
            </Descriptions.Item>
            <Descriptions.Item label={w('assignee')}>{wo.assignee ? `${wo.assignee.name} ${wo.assignee.phone ?? ''}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={w('eta')}>{formatDateTime(wo.etaAt)}</Descriptions.Item>
            <Descriptions.Item label={w('createdAt')}>{formatDateTime(wo.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={w('formNumber')}>{wo.formNumber ?? '—'}</Descriptions.Item>
            {wo.waitReason ? <Descriptions.Item label={w('reason')} span={2}>{w(`wait.${wo.waitReason}`, wo.waitReason)} {wo.waitNote ?? ''}</Descriptions.Item> : null}
            {wo.summary ? <Descriptions.Item label={w('summary')} span={2}>{wo.summary}</Descriptions.Item> : null}
            {wo.satisfaction ? (
              <Descriptions.Item label={w('satisfaction')} span={2}>
                <Rate disabled value={wo.satisfaction} /> {wo.ratingComment ?? ''}
              </Descriptions.Item>
            ) : null}
            {wo.callbackFixed !== null && wo.callbackFixed !== undefined ? (
              <Descriptions.Item label={w('action.callback')} span={2}>
                {w('fixed')} {wo.callbackFixed ? '✓' : '✗'} {wo.callbackSatisfaction ? <Rate disabled value={wo.callbackSatisfaction} /> : null}
              </Descriptions.Item>
            ) : null}
            {wo.quote ? (
              <Descriptions.Item label={w('action.quote')} span={2}>
                <b>{formatFen(wo.quote.totalFen)}</b>
                <Typography.Text type="secondary">
                  {' '}
                  ({formatFen(wo.quote.laborFen)}
                  {wo.quote.materials.map((m) => ` + ${m.name}×${m.quantity}`).join('')})
                </Typography.Text>
              </Descriptions.Item>
            ) : null}
            {wo.appointmentAt || wo.etaAt ? <Descriptions.Item label={w('sup.promisedAt')}>{formatDateTime(wo.appointmentAt ?? wo.etaAt)}</Descriptions.Item> : null}
            {wo.supervision ? (
              <Descriptions.Item label={w('sup.record')} span={wo.appointmentAt || wo.etaAt ? 1 : 2}>
                <span data-testid="wo-supervision" data-result={wo.supervision.result}>
                  <Tag color={wo.supervision.result === 'on_time' ? 'green' : wo.supervision.result === 'late' ? 'orange' : 'default'}>
                    {wo.supervision.result === 'late' ? w('sup.lateBy').replace('{n}', String(wo.supervision.lateMinutes)) : w(`sup.${wo.supervision.result}`)}
                  </Tag>
                  {wo.supervision.note ?? ''}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {' '}
                    {wo.supervision.by?.name ?? ''} · {formatDateTime(wo.supervision.at)}
                  </Typography.Text>
                </span>
              </Descriptions.Item>
            ) : null}
            {wo.cancelReason ? <Descriptions.Item label={w('reason')} span={2}>{wo.cancelReason}</Descriptions.Item> : null}
          </Descriptions>
          {[...(wo.photos ?? []), ...(wo.completionPhotos ?? []), ...(wo.signatureFileId ? [wo.signatureFileId] : [])].length > 0 && (
            <>
              <Divider titlePlacement="start">{w('photos')}</Divider>
              <Image.PreviewGroup>
                <Space wrap>
                  {[...(wo.photos ?? []), ...(wo.completionPhotos ?? [])].map((f) => (
                    <Image key={f} src={fileUrl(f)} width={88} height={88} style={{ objectFit: 'cover' }} />
                  ))}
                  {wo.signatureFileId ? <Image src={fileUrl(wo.signatureFileId)} width={160} height={88} style={{ objectFit: 'contain', background: '#fff', border: '1px solid #eee' }} alt={w('signature')} /> : null}
                </Space>
              </Image.PreviewGroup>
            </>
          )}
          <Divider titlePlacement="start">{w('timeline')}</Divider>
          <Timeline history={wo.history} names={names.data} assignee={wo.assignee} />
        </div>
      )}
    </Drawer>
  );
}
