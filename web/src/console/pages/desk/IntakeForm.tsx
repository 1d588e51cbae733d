/** 前台接待 form: place, channel (phone by default), description, contact phone; Ctrl+Enter submits. */
import { useEffect, useRef, useState } from 'react';
import { App, Button, Card, Form, Input, Radio, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { CHANNELS, useWoText } from '../../../shared/workorders/labels.ts';
import type { RequestItem } from '../../../shared/workorders/api.ts';
import { PlacePicker, type PlaceValue } from './PlacePicker.tsx';
import { LiveProposal } from './LiveProposal.tsx';

export function IntakeForm({ communityId, onCreated }: { communityId: string | null; onCreated: (r: RequestItem) => void }) {
  const w = useWoText();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [place, setPlace] = useState<PlaceValue>({ kind: 'room' });
  const [channel, setChannel] = useState<string>('phone');
  const [description, setDescription] = useState('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const placeRef = useRef<{ focus: () => void }>(null);

  useEffect(() => placeRef.current?.focus(), []);

  async function submit() {
    if (!communityId || description.trim().length < 2 || busy) return;
    setBusy(true);
    try {
      const body: Record<string, unknown> = { communityId, channel, description: description.trim() };
      if (place.kind === 'room' && place.roomId) body.roomId = place.roomId;
      if (place.kind === 'common') {
        if (place.location) body.location = place.location;
        if (place.commonAreaId) body.commonAreaId = place.commonAreaId;
      }
      if (phone.trim()) body.contactPhone = phone.trim();
      const r = await api.post<RequestItem>('/api/v1/requests', body);
      onCreated({ ...r, roomCode: place.roomCode ?? null });
      void qc.invalidateQueries({ queryKey: ['request'] });
      void qc.invalidateQueries({ queryKey: ['workorder'] });
      setDescription('');
      setPhone('');
      setPlace({ kind: place.kind });
      placeRef.current?.focus();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title={w('request')} data-testid="desk-form">
      <Form layout="vertical" onKeyDown={(e) => e.key === 'Enter' && (e.ctrlKey || e.metaKey) && void submit()}>
        <Form.Item label={w('location')}>
          <PlacePicker ref={placeRef} communityId={communityId} value={place} onChange={setPlace} />
        </Form.Item>
        <Form.Item label={w('channel')}>
          <Radio.Group value={channel} onChange={(e) => setChannel(e.target.value)} optionType="button" size="small" options={CHANNELS.map((c) => ({ value: c, label: w(`channel.${c}`) }))} data-testid="desk-channel" />
        </Form.Item>
        <Form.Item label={w('description')} required>
          <Input.TextArea rows={5} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} showCount placeholder={w('desk.placeholder')} data-testid="desk-description" />
        </Form.Item>
        <LiveProposal text={description} />
        <Form.Item label={w('contactPhone')}>
          <Input value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" maxLength={20} style={{ maxWidth: 240 }} data-testid="desk-phone" />
        </Form.Item>
        <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
          <Button type="primary" icon={<SendOutlined />} loading={busy} disabled={!communityId || description.trim().length < 2} onClick={() => void submit()} data-testid="desk-submit">
            {w('submit')}
          </Button>
          <Typography.Text type="secondary">
            <span className="pms-kbd">Ctrl</span> + <span className="pms-kbd">Enter</span>
          </Typography.Text>
        </div>
      </Form>
    </Card>
  );
}
