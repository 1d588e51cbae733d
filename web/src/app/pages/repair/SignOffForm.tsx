/** 验收评价: overall satisfaction, punctuality, technician attitude (stars) and a comment. */
import { useState } from 'react';
import { Button, Card, Form, Rate, TextArea, Toast } from 'antd-mobile';
import { useWoAction } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';

export function SignOffForm({ id }: { id: string }) {
  const w = useWoText();
  const act = useWoAction();
  const [scores, setScores] = useState({ satisfaction: 5, punctuality: 5, attitude: 5 });
  const [comment, setComment] = useState('');

  async function submit() {
    try {
      await act.mutateAsync({ id, action: 'sign-off', body: { ...scores, ...(comment.trim() ? { comment: comment.trim() } : {}) } });
      Toast.show({ content: w('done'), icon: 'success' });
    } catch (e) {
      Toast.show({ content: e instanceof Error ? e.message : String(e), icon: 'fail', duration: 3000 });
    }
  }

  return (
    <Card title={w('repair.signOff')} style={{ marginTop: 12 }} data-testid="signoff-form">
      <Form layout="horizontal">
        {(['satisfaction', 'punctuality', 'attitude'] as const).map((k) => (
          <Form.Item key={k} label={w(k)}>
            <div data-testid={`rate-${k}`}>
              <Rate value={scores[k]} onChange={(v) => setScores((s) => ({ ...s, [k]: Math.max(1, v) }))} />
            </div>
          </Form.Item>
        ))}
        <Form.Item label={w('comment')}>
          <TextArea value={comment} onChange={setComment} rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
      <Button block color="primary" loading={act.isPending} onClick={() => void submit()} data-testid="signoff-submit">
        {w('action.sign-off')}
      </Button>
    </Card>
  );
}
