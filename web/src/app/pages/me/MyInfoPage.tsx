/** 我的信息: the owner's own record, masked; "show full" reveals their own phone and ID number (logged). */
import { useState } from 'react';
import { Button, ErrorBlock, List, NavBar, SpinLoading, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';

interface Profile {
  name: string;
  gender: string;
  phoneMasked: string | null;
  phones: Array<{ id: string; label: 'self' | 'family' | 'work' | 'other'; primary: boolean; phoneMasked: string }>;
  idNumberMasked: string | null;
  nativePlace: string | null;
  hukouLocation: string | null;
  rooms: Array<{ roomId: string; code: string; relation: string }>;
}

const T = {
  title: ['我的信息', 'My information'],
  phone: ['手机号码', 'Phone'],
  idNumber: ['身份证号码', 'ID number'],
  nativePlace: ['籍贯', 'Native place'],
  hukou: ['户口所在地', 'Hukou'],
  rooms: ['房屋', 'Rooms'],
  show: ['显示完整信息', 'Show full values'],
  hide: ['隐藏', 'Hide'],
  note: ['查看完整信息会被记录，仅本人可见。', 'Viewing full values is logged; only you can see them.'],
  owner: ['业主', 'Owner'],
  co_owner: ['共有人', 'Co-owner'],
  family: ['家庭成员', 'Family'],
  tenant: ['租户', 'Tenant'],
  phone_self: ['本人', 'Self'],
  phone_family: ['家属', 'Family'],
  phone_work: ['工作', 'Work'],
  phone_other: ['其他', 'Other'],
  primary: ['主要', 'Primary'],
} as const;

export function MyInfoPage() {
  const { lang } = useI18n();
  const t = (k: keyof typeof T) => T[k][lang === 'en-US' ? 1 : 0];
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['me-profile'], queryFn: () => api.get<Profile>('/api/v1/me/profile') });
  const [full, setFull] = useState<{ phone: string | null; phones: Array<{ id: string; phone: string }>; idNumber: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const reveal = async () => {
    setBusy(true);
    try {
      setFull(await api.post('/api/v1/me/profile/reveal', {}));
    } finally {
      setBusy(false);
    }
  };
  if (q.isLoading) return <SpinLoading style={{ margin: '80px auto' }} />;
  if (q.error || !q.data) return <ErrorBlock status="default" description={q.error instanceof Error ? q.error.message : ''} />;
  const p = q.data;
  return (
    <div>
      <NavBar onBack={() => navigate('/me')}>{t('title')}</NavBar>
      <List mode="card" header={p.name}>
        {p.phones.length === 0 && <List.Item extra="—">{t('phone')}</List.Item>}
        {p.phones.map((ph) => (
          <List.Item
            key={ph.id} data-testid="my-phone"
            description={<>{t(`phone_${ph.label}`)}{ph.primary && <Tag color="primary" fill="outline" style={{ marginLeft: 6 }}>{t('primary')}</Tag>}</>}
            extra={full?.phones.find((x) => x.id === ph.id)?.phone ?? ph.phoneMasked}
          >
            {t('phone')}
          </List.Item>
        ))}
        <List.Item extra={full?.idNumber ?? p.idNumberMasked ?? '—'}>{t('idNumber')}</List.Item>
        <List.Item extra={p.nativePlace ?? '—'}>{t('nativePlace')}</List.Item>
        <List.Item extra={p.hukouLocation ?? '—'}>{t('hukou')}</List.Item>
      </List>
      <List mode="card" header={t('rooms')}>
        {p.rooms.map((r) => (
          <List.Item key={r.roomId} extra={<Tag color="primary">{t(r.relation as keyof typeof T) ?? r.relation}</Tag>}>{r.code}</List.Item>
        ))}
      </List>
      <div style={{ padding: '8px 12px' }}>
        <Button block loading={busy} onClick={() => (full ? setFull(null) : void reveal())}>{full ? t('hide') : t('show')}</Button>
        <p style={{ color: '#999', fontSize: 12 }}>{t('note')}</p>
      </div>
    </div>
  );
}
