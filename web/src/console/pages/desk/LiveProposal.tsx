/** The classification the server proposes for the text being typed (debounced, nothing saved): category, urgency and the words behind it. */
import { useEffect, useState } from 'react';
import { Alert, Space, Tag, Typography } from 'antd';
import { useClassifyPreview } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { CategoryTag, UrgencyTag } from '../../modules/workorders/Tags.tsx';

/** The value once it has stopped changing for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

export function LiveProposal({ text }: { text: string }) {
  const w = useWoText();
  const settled = useSettled(text.trim(), 300);
  const q = useClassifyPreview(text.trim().length >= 2 ? settled : '');
  const p = text.trim().length >= 2 ? q.data : undefined;
  return (
    <div data-testid="desk-preview" data-category={p?.category ?? ''} data-urgency={p?.urgency ?? ''} style={{ marginBottom: 12 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {w('desk.preview')}
      </Typography.Text>
      {p ? (
        p.urgency === 'emergency' ? (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 4 }}
            title={
              <Space size={4} wrap>
                <UrgencyTag urgency={p.urgency} />
                <CategoryTag category={p.category} />
                {p.matched.map((m) => <Tag key={m} color="gold">{m}</Tag>)}
              </Space>
            }
          />
        ) : (
          <div style={{ marginTop: 4 }}>
            <Space size={4} wrap>
              <UrgencyTag urgency={p.urgency} />
              <CategoryTag category={p.category} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {w('matchedWords')}:
              </Typography.Text>
              {p.matched.length ? p.matched.map((m) => <Tag key={m} color="gold">{m}</Tag>) : <Typography.Text type="secondary">{w('none')}</Typography.Text>}
            </Space>
          </div>
        )
      ) : (
        <div style={{ marginTop: 4 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {w('desk.previewEmpty')}
          </Typography.Text>
        </div>
      )}
    </div>
  );
}
