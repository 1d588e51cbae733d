/** 时限规则 (R-DESK-3, issue 3 §2): ordered SLA rules per community, first match wins; editable without a release (sla.manage). */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { can, useSession } from '../../../shared/session.ts';
import { useCommunity } from '../../../shared/community.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { CATEGORIES, URGENCIES, useWoText } from '../../../shared/workorders/labels.ts';
import { DispatchSettingsCard } from './DispatchSettingsCard.tsx';
import { DeskSettingsCard } from './DeskSettingsCard.tsx';
import { QrCard } from './QrCard.tsx';
import { ServiceItemsCard } from './ServiceItemsCard.tsx';
import { KINDS, durationOf, editable, strip, withDuration, type EditableRule, type SlaRule, type Unit } from './slaRules.ts';

const ANY = '*';
const MILESTONES = [0.25, 0.5, 0.75, 0.9];

export function SlaPage() {
  const w = useWoText();
  const { t } = useI18n();
  const { message } = App.useApp();
  const { communityId } = useCommunity();
  const { data: user } = useSession();
  const qc = useQueryClient();
  const mayEdit = can(user, 'sla.manage', communityId);
  const q = useQuery({ queryKey: ['sla', communityId], enabled: !!communityId, queryFn: () => api.get<{ rules: SlaRule[]; source: string }>('/api/v1/sla-policies', { communityId }) });
  const [rules, setRules] = useState<EditableRule[]>([]);
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (q.data && !dirty) setRules(q.data.rules.map(editable));
  }, [q.data, dirty]);
  const save = useMutation({
    mutationFn: () => api.put<{ rules: SlaRule[] }>('/api/v1/sla-policies', { communityId, rules: rules.map(strip) }),
    onSuccess: () => {
      setDirty(false);
      void qc.invalidateQueries({ queryKey: ['sla'] });
      message.success(t('saved'));
    },
    onError: (e) => message.error(e instanceof Error ? e.message : String(e)),
  });

  const change = (key: string, f: (r: EditableRule) => SlaRule) => {
    setRules((rs) => rs.map((r) => (r.key === key ? { ...f(r), key } : r)));
    setDirty(true);
  };
  const move = (i: number, d: number) => {
    setRules((rs) => {
      const next = [...rs];
      [next[i], next[i + d]] = [next[i + d], next[i]];
      return next;
    });
    setDirty(true);
  };

  const unitLabel: Record<Unit, string> = { minute: w('minutes'), hour: w('hours'), workingDay: w('workingDays') };
  const columns = [
    { title: '#', key: 'n', width: 44, render: (_: unknown, __: EditableRule, i: number) => i + 1 },
    {
      title: w('sla.subject'),
      key: 'subjectType',
      width: 110,
      render: (_: unknown, r: EditableRule) => (
        <Select disabled={!mayEdit} size="small" style={{ width: 96 }} value={r.subjectType} onChange={(v) => change(r.key, (x) => ({ ...x, subjectType: v, kind: KINDS[v][0] }))} options={(['request', 'work_order'] as const).map((s) => ({ value: s, label: w(s === 'request' ? 'request' : 'workOrder') }))} />
      ),
    },
    { title: w('sla.kind'), key: 'kind', width: 130, render: (_: unknown, r: EditableRule) => <Select disabled={!mayEdit} size="small" style={{ width: 116 }} value={r.kind} onChange={(v) => change(r.key, (x) => ({ ...x, kind: v }))} options={KINDS[r.subjectType].map((k) => ({ value: k, label: w(`clock.${k}`, k) }))} /> },
    {
      title: w('category'),
      key: 'category',
      width: 120,
      render: (_: unknown, r: EditableRule) => (
        <Select disabled={!mayEdit} size="small" style={{ width: 106 }} value={r.category ?? ANY} onChange={(v) => change(r.key, (x) => ({ ...x, category: v === ANY ? null : v }))} options={[{ value: ANY, label: w('sla.any') }, ...CATEGORIES.map((c) => ({ value: c, label: w(`category.${c}`) }))]} />
      ),
    },
    {
      title: w('urgency'),
      key: 'urgency',
      width: 100,
      render: (_: unknown, r: EditableRule) => (
        <Select disabled={!mayEdit} size="small" style={{ width: 86 }} value={r.urgency ?? ANY} onChange={(v) => change(r.key, (x) => ({ ...x, urgency: v === ANY ? null : v }))} options={[{ value: ANY, label: w('sla.any') }, ...URGENCIES.map((u) => ({ value: u, label: w(`urgency.${u}`) }))]} />
      ),
    },
    {
      title: w('sla.duration'),
      key: 'duration',
      width: 190,
      render: (_: unknown, r: EditableRule) => {
        const d = durationOf(r);
        return (
          <Space.Compact size="small">
            <InputNumber disabled={!mayEdit} size="small" min={1} style={{ width: 72 }} value={d.value} onChange={(v) => v && change(r.key, (x) => withDuration(x, v, d.unit))} />
            <Select disabled={!mayEdit} size="small" style={{ width: 96 }} value={d.unit} onChange={(u: Unit) => change(r.key, (x) => withDuration(x, d.value, u))} options={(Object.keys(unitLabel) as Unit[]).map((u) => ({ value: u, label: unitLabel[u] }))} />
          </Space.Compact>
        );
      },
    },
    {
      title: w('sla.warnings'),
      key: 'milestones',
      width: 180,
      render: (_: unknown, r: EditableRule) => (
        <Select disabled={!mayEdit} size="small" mode="multiple" style={{ width: 166 }} value={r.milestones} onChange={(v: number[]) => change(r.key, (x) => ({ ...x, milestones: [...v].sort((a, b) => a - b) }))} options={MILESTONES.map((m) => ({ value: m, label: `${m * 100}%` }))} />
      ),
    },
    {
      title: w('sla.repeat'),
      key: 'repeat',
      width: 120,
      render: (_: unknown, r: EditableRule) => (
        <InputNumber disabled={!mayEdit} size="small" min={5} style={{ width: 100 }} placeholder={w('none')} value={r.repeatEveryMinutes} addonAfter={w('minutes')} onChange={(v) => change(r.key, (x) => ({ ...x, repeatEveryMinutes: v ?? null }))} />
      ),
    },
    {
      title: '',
      key: 'ops',
      width: 110,
      render: (_: unknown, r: EditableRule, i: number) =>
        mayEdit && (
          <Space size={0}>
            <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} />
            <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={i === rules.length - 1} onClick={() => move(i, 1)} />
            <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => (setRules((rs) => rs.filter((x) => x.key !== r.key)), setDirty(true))} />
          </Space>
        ),
    },
  ];

  return (
    <div>
      <h1 className="pms-page-title">{w('sla.title')}</h1>
      <Card size="small">
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={w('sla.help')} />
        {q.error ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
        <div className="pms-toolbar">
          {q.data?.source === 'default' && <Tag color="blue">{w('sla.defaults')}</Tag>}
          <div style={{ flex: 1 }} />
          {mayEdit && (
            <>
              <Button icon={<PlusOutlined />} onClick={() => (setRules((rs) => [...rs, editable({ subjectType: 'work_order', kind: 'response', category: null, urgency: null, minutes: 120, workingDays: null, milestones: [0.5, 0.75], repeatEveryMinutes: null })]), setDirty(true))}>
                {w('sla.add')}
              </Button>
              <Button disabled={!dirty} onClick={() => (setDirty(false), setRules((q.data?.rules ?? []).map(editable)))}>
                {t('cancel')}
              </Button>
              <Button type="primary" disabled={!dirty} loading={save.isPending} onClick={() => save.mutate()} data-testid="sla-save">
                {t('save')}
              </Button>
            </>
          )}
        </div>
        <Table<EditableRule> data-testid="sla-table" rowKey="key" size="small" columns={columns} dataSource={rules} loading={q.isLoading} pagination={false} />
        {!mayEdit && <Typography.Text type="secondary">{w('sla.readOnly')}</Typography.Text>}
      </Card>
      <DispatchSettingsCard communityId={communityId} mayEdit={mayEdit} />
      <DeskSettingsCard communityId={communityId} mayEdit={mayEdit} />
      <ServiceItemsCard communityId={communityId} mayEdit={mayEdit} />
      {(mayEdit || can(user, 'request.manage', communityId)) && <QrCard communityId={communityId} />}
    </div>
  );
}
