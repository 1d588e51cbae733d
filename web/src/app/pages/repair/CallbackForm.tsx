/** 回访 in the app: the owner says whether the repair held and how satisfied they are (R-APP-1, R-WO-7). */
import { useState } from 'react';
import { Button, Card, Form, Rate, Selector, TextArea, Toast } from 'antd-mobile';
import { useWoAction } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { useI18n } from '../../../shared/i18n.tsx';

export function CallbackForm({ id }: { id: string }) {
  const w = useWoText();
  const { lang } = useI18n();
  const act = useWoAction();
  const [fixed, setFixed] = useState<boolean | null>(null);
  const [satisfaction, setSatisfaction] = useState(5);
  const [note, setNote] = useState('');
  const yes = lang === 'en-US' ? 'Yes, fixed' : '已修好';
  const no = lang === 'en-US' ? 'Not fixed' : '没修好';

  async function submit() {
    if (fixed === null) return;
    try {
      await act.mutateAsync({ id, action: 'callback', body: { fixed, satisfaction, ...(note.trim() ? { note: note.trim() } : {}) } });
      Toast.show({ content: w('done'), icon: 'success' });
    } catch (e) {
      Toast.show({ content: e instanceof Error ? e.message : String(e), icon: 'fail', duration: 3000 });
    }
  }

  return (
    <Card title={w('action.callback')} style={{ marginTop: 12 }} data-testid="callback-form">
      <Form layout="horizontal">
        <Form.Item label={w('fixed')}>
          <Selector
            options={[{ label: yes, value: 'yes' }, { label: no, value: 'no' }]}
            value={fixed === null ? [] : [fixed ? 'yes' : 'no']}
            onChange={(v) => setFixed(v[0] === undefined ? null : v[0] === 'yes')}
          />
        </Form.Item>
        <Form.Item label={w('satisfaction')}>
          <Rate value={satisfaction} onChange={(v) => setSatisfaction(Math.max(1, v))} />
        </Form.Item>
        <Form.Item label={w('comment')}>
          <TextArea value={note} onChange={setNote} rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
      <Button block color="primary" disabled={fixed === null} loading={act.isPending} onClick={() => void submit()} data-testid="callback-submit">
        {w('action.callback')}
      </Button>
    </Card>
  );
}
