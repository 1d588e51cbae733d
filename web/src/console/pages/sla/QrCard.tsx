/** 报事二维码: a code to post at a common area or on equipment; scanning it opens the owner app's report form with the place filled in. */
import { useState } from 'react';
import { App, Button, Card, QRCode, Select, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, asPage, type Page } from '../../../shared/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';

interface Place {
  id: string;
  name: string;
}

export function QrCard({ communityId }: { communityId: string | null }) {
  const w = useWoText();
  const { message } = App.useApp();
  const [place, setPlace] = useState<string>();
  const [qr, setQr] = useState<{ url: string; location: string } | null>(null);
  const list = (what: string) => async () => asPage(await api.get<Page<Place>>(`/api/v1/communities/${communityId}/${what}`, { limit: 200 })).items;
  const areas = useQuery({ queryKey: ['common-areas', 'qr', communityId], enabled: !!communityId, queryFn: list('common-areas') });
  const equipment = useQuery({ queryKey: ['equipment', 'qr', communityId], enabled: !!communityId, queryFn: list('equipment') });

  async function make() {
    if (!place) return;
    const [kind, id] = place.split(':');
    try {
      const r = await api.post<{ url: string; location: string }>('/api/v1/qr', { communityId, ...(kind === 'e' ? { equipmentId: id } : { commonAreaId: id }) });
      setQr({ url: `${window.location.origin}${r.url}`, location: r.location });
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Card size="small" title={w('settings.qr')} style={{ marginTop: 12 }}>
      <Space align="start" wrap>
        <Space direction="vertical">
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 260 }}
            placeholder={`${w('commonArea')} / ${w('settings.equipment')}`}
            value={place}
            onChange={setPlace}
            options={[
              { label: w('commonArea'), options: (areas.data ?? []).map((a) => ({ value: `a:${a.id}`, label: a.name })) },
              { label: w('settings.equipment'), options: (equipment.data ?? []).map((e) => ({ value: `e:${e.id}`, label: e.name })) },
            ]}
          />
          <Button type="primary" disabled={!place} onClick={() => void make()}>
            {w('settings.makeQr')}
          </Button>
        </Space>
        {qr && (
          <Space direction="vertical" align="center">
            <QRCode value={qr.url} size={160} />
            <b>{qr.location}</b>
            <Typography.Text copyable={{ text: qr.url }} type="secondary" style={{ fontSize: 12, maxWidth: 260 }} ellipsis>
              {qr.url}
            </Typography.Text>
          </Space>
        )}
      </Space>
    </Card>
  );
}
