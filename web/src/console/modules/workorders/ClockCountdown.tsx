/** One SLA clock: counting down live, orange past 75%, red when breached, paused and met shown as such. */
import { Tag, Tooltip } from 'antd';
import { ClockCircleOutlined, PauseCircleOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { formatDateTime } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import type { Deadline } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { formatSpan, useNow } from '../../../shared/workorders/useNow.ts';
import { clockState } from '../../../shared/workorders/clock.ts';

const COLORS = { met: 'success', cancelled: 'default', paused: 'purple', breached: 'error', warning: 'warning', running: 'processing' } as const;

export function ClockCountdown({ deadline: d }: { deadline: Deadline }) {
  const w = useWoText();
  const { lang } = useI18n();
  const now = useNow();
  const state = clockState(d, now);
  const left = Date.parse(d.dueAt) - now;
  let text: string;
  if (state === 'met') text = `${w('clock.met')} ${formatDateTime(d.metAt)}`;
  else if (state === 'cancelled') text = w('clock.cancelled');
  else if (state === 'paused') text = `${w('clock.paused')} · ${w('clock.pausedFor')} ${formatSpan(d.pausedMs, lang)}`;
  else if (d.metAt) text = `${w('clock.breached')} · ${w('clock.met')} ${formatDateTime(d.metAt)}`;
  else if (left < 0 || state === 'breached') text = `${w('clock.over')} ${formatSpan(left, lang)}`;
  else text = `${w('clock.left')} ${formatSpan(left, lang)}`;
  const icon = state === 'met' ? <CheckCircleOutlined /> : state === 'paused' ? <PauseCircleOutlined /> : <ClockCircleOutlined />;
  return (
    <Tooltip title={`${w('clock.' + d.kind, d.kind)} · ${formatDateTime(d.dueAt)}${d.pausedMs ? ` · ${w('clock.pausedFor')} ${formatSpan(d.pausedMs, lang)}` : ''}`}>
      <Tag color={COLORS[state]} icon={icon} data-testid={`clock-${d.kind}`} data-state={state} style={{ marginBottom: 4 }}>
        <b>{w('clock.' + d.kind, d.kind)}</b> {text}
      </Tag>
    </Tooltip>
  );
}

/** Every clock of an order (and its request), the running ones first. */
export function ClockList({ deadlines }: { deadlines: Deadline[] }) {
  const w = useWoText();
  if (!deadlines.length) return <span style={{ color: '#999' }}>{w('none')}</span>;
  const order = (d: Deadline) => (d.metAt || d.cancelledAt ? 1 : 0);
  const seen = new Set<string>();
  const list = [...deadlines]
    .sort((a, b) => order(a) - order(b) || Date.parse(a.dueAt) - Date.parse(b.dueAt))
    .filter((d) => {
      const k = `${d.subjectType ?? ''}:${d.kind}:${d.dueAt}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }} data-testid="clock-list">
      {list.map((d) => (
        <ClockCountdown key={`${d.subjectType ?? ''}-${d.kind}-${d.dueAt}`} deadline={d} />
      ))}
    </div>
  );
}

/** The most pressing open clock of a row (lists and boards). */
export function NextClock({ deadlines }: { deadlines?: Deadline[] }) {
  const open = (deadlines ?? []).filter((d) => !d.metAt && !d.cancelledAt).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  return open[0] ? <ClockCountdown deadline={open[0]} /> : null;
}
