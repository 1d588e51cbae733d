/** Where: a room found by code (type "1-1-101", Enter picks the first match) or a common area / free text. */
import { forwardRef, useMemo, useState } from 'react';
import { AutoComplete, Segmented, Select, Space } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, asPage, type Page } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { useWoText } from '../../../shared/workorders/labels.ts';

export interface PlaceValue {
  kind: 'room' | 'common';
  roomId?: string;
  roomCode?: string;
  location?: string;
  commonAreaId?: string;
}

interface RoomHit {
  id: string;
  code: string;
}

export const PlacePicker = forwardRef<{ focus: () => void }, { communityId: string | null; value: PlaceValue; onChange: (v: PlaceValue) => void }>(function PlacePicker({ communityId, value, onChange }, ref) {
  const w = useWoText();
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const rooms = useQuery({
    queryKey: ['rooms', 'desk-search', communityId, q],
    enabled: !!communityId && value.kind === 'room' && q.trim().length > 0,
    queryFn: async () => asPage(await api.get<Page<RoomHit>>(`/api/v1/communities/${communityId}/rooms`, { q: q.trim(), limit: 20 })).items,
    placeholderData: (prev) => prev,
  });
  const areas = useQuery({
    queryKey: ['common-areas', 'desk', communityId],
    enabled: !!communityId && value.kind === 'common',
    queryFn: async () => asPage(await api.get<Page<{ id: string; name: string }>>(`/api/v1/communities/${communityId}/common-areas`, { limit: 200 })).items,
  });
  const roomOptions = useMemo(() => {
    const list = rooms.data ?? [];
    // The exact code first, so Enter picks it.
    const exact = list.filter((r) => r.code === q.trim());
    return [...exact, ...list.filter((r) => r.code !== q.trim())].map((r) => ({ value: r.id, label: r.code }));
  }, [rooms.data, q]);

  return (
    <Space.Compact style={{ width: '100%' }}>
      <Segmented
        value={value.kind}
        onChange={(k) => onChange({ kind: k as PlaceValue['kind'] })}
        options={[
          { value: 'room', label: w('room') },
          { value: 'common', label: w('commonArea') },
        ]}
        data-testid="place-kind"
        style={{ marginRight: 8 }}
      />
      {value.kind === 'room' ? (
        <Select
          ref={ref as never}
          showSearch={{ filterOption: false, onSearch: setQ, searchValue: q }}
          style={{ flex: 1 }}
          placeholder={t('searchRoom')}
          value={value.roomId ? { value: value.roomId, label: value.roomCode } : undefined}
          labelInValue
          allowClear
          notFoundContent={q ? (rooms.isFetching ? t('loading') : t('notFoundRoom')) : null}
          options={roomOptions}
          onChange={(o) => {
            const opt = o as { value: string; label: string } | undefined;
            onChange(opt ? { kind: 'room', roomId: opt.value, roomCode: String(opt.label) } : { kind: 'room' });
            setQ('');
          }}
          data-testid="desk-room"
        />
      ) : (
        <AutoComplete
          style={{ flex: 1 }}
          value={value.location}
          placeholder={w('location')}
          options={(areas.data ?? []).map((a) => ({ value: a.name, id: a.id }))}
          filterOption={(input, o) => String(o?.value ?? '').includes(input)}
          onChange={(v, o) => onChange({ kind: 'common', location: v, commonAreaId: (o as { id?: string } | undefined)?.id })}
          data-testid="desk-location"
        />
      )}
    </Space.Compact>
  );
});
