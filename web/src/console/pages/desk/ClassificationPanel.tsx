/** The proposed classification of the request just taken (with the words that triggered it); override, open or create its work order. */
import { useEffect, useState } from 'react';
import { App, Alert, Button, Card, Descriptions, Select, Space, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { matchedOf, type RequestItem } from '../../../shared/workorders/api.ts';
import { CATEGORIES, URGENCIES, useWoText } from '../../../shared/workorders/labels.ts';
import { CategoryTag, StatusTag, UrgencyTag } from '../../modules/workorders/Tags.tsx';
import { ClockList } from '../../modules/workorders/ClockCountdown.tsx';
import { CreateWorkOrderDialog } from './CreateWorkOrderDialog.tsx';

/** The description with the matched words marked. */
function Highlighted({ text, words }: { text: string; words: string[] }) {
  if (!words.length) return <>{text}</>;
  const re = new RegExp(`(${words.map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'g');
  return (
    <>
      {text.split(re).map((part, i) => (words.includes(part) ? <mark key={i} style={{ background: '#fff1b8', padding: 0 }}>{part}</mark> : <span key={i}>{part}</span>))}
    </>
  );
}

export function ClassificationPanel({ request, onChange, onOpenWorkOrder }: { request: RequestItem; onChange: (r: RequestItem) => void; onOpenWorkOrder: (id: string) => void }) {
  const w = useWoText();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [category, setCategory] = useState(request.category);
  const [urgency, setUrgency] = useState(request.urgency);
  const [busy, setBusy] = useState(false);
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    setCategory(request.category);
    setUrgency(request.urgency);
  }, [request.id, request.category, request.urgency]);
  const words = matchedOf(request);
  const proposed = request.classification ?? { category: request.proposedCategory ?? request.category, urgency: request.proposedUrgency ?? request.urgency };
  const changed = category !== request.category || urgency !== request.urgency;

  async function confirm() {
    setBusy(true);
    try {
      const r = await api.post<RequestItem>(`/api/v1/requests/${request.id}/classify`, { category, urgency });
      onChange({ ...request, ...r });
      void qc.invalidateQueries({ queryKey: ['request'] });
      void qc.invalidateQueries({ queryKey: ['workorder'] });
      message.success(w('done'));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title={`${w('proposed')} · ${formatDateTime(request.createdAt)}`} data-testid="desk-result" style={{ marginBottom: 12, borderColor: request.urgency === 'emergency' ? '#ffa39e' : undefined }}>
      {request.urgency === 'emergency' && <Alert type="error" showIcon title={`${w('urgency.emergency')} · ${words.join('、')}`} style={{ marginBottom: 8 }} />}
      <Typography.Paragraph>
        <Highlighted text={request.description} words={words} />
      </Typography.Paragraph>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={w('proposed')}>
          <Space>
            <CategoryTag category={proposed.category} />
            <UrgencyTag urgency={proposed.urgency} />
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={w('matchedWords')}>
          <span data-testid="desk-matched">{words.length ? words.map((x) => <Tag key={x} color="gold">{x}</Tag>) : w('none')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={w('category')}>
          <Space wrap>
            <Select size="small" style={{ width: 140 }} value={category} onChange={setCategory} options={CATEGORIES.map((c) => ({ value: c, label: w(`category.${c}`) }))} data-testid="desk-category" />
            <Select size="small" style={{ width: 120 }} value={urgency} onChange={setUrgency} options={URGENCIES.map((u) => ({ value: u, label: w(`urgency.${u}`) }))} data-testid="desk-urgency" />
            <Button size="small" type={changed ? 'primary' : 'default'} loading={busy} onClick={() => void confirm()} data-testid="desk-confirm">
              {w('confirm')}
            </Button>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={w('workOrder')}>
          <Space>
            <StatusTag status={request.status} request />
            {request.workOrderId ? (
              <Button size="small" type="link" onClick={() => onOpenWorkOrder(request.workOrderId!)} data-testid="desk-open-wo">
                {w('workOrder')} →
              </Button>
            ) : (
              <Button size="small" onClick={() => setCreating(true)} data-testid="desk-create-wo">
                {w('desk.toWorkOrder')}
              </Button>
            )}
          </Space>
        </Descriptions.Item>
        {request.deadlines?.length ? (
          <Descriptions.Item label={w('deadlines')}>
            <ClockList deadlines={request.deadlines} />
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <CreateWorkOrderDialog
        open={creating}
        request={{ ...request, category, urgency }}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          onChange({ ...request, workOrderId: id, status: 'routed' });
          onOpenWorkOrder(id);
        }}
      />
    </Card>
  );
}
