/** The order's history as a timeline: action, who, when (Asia/Shanghai), status change and details. */
import { Timeline as AntTimeline, Typography } from 'antd';
import { formatDateTime } from '../../../shared/format.ts';
import type { HistoryEntry } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { useI18n } from '../../../shared/i18n.tsx';

const COLORS: Record<string, string> = { cancel: 'gray', return: 'red', complete: 'green', close: 'green', callback: 'green', 'sign-off': 'green', dispatch: 'blue', transfer: 'blue' };
const DETAIL_KEYS = ['reason', 'summary', 'note', 'comment', 'etaMinutes', 'satisfaction', 'fixed'];
const SUP_COLORS: Record<string, string> = { on_time: 'green', late: 'orange', not_reached: 'gray' };

export function Timeline({ history, names, assignee }: { history: HistoryEntry[]; names?: Map<string, string>; assignee?: { id: string; name: string } | null }) {
  const w = useWoText();
  const { lang } = useI18n();
  const who = (h: HistoryEntry) => {
    if (!h.actorId) return w('system');
    // the server names the actor and their role (owners masked)
    if (h.actorName) {
      const role = h.actorRole ? (lang === 'en-US' ? h.actorRole.nameEn : h.actorRole.nameZh) : null;
      if (!role) return h.actorName;
      return lang === 'en-US' ? `${h.actorName} (${role})` : `${h.actorName}（${role}）`;
    }
    if (names?.has(h.actorId)) return names.get(h.actorId)!;
    if (assignee && assignee.id === h.actorId) return assignee.name;
    // Not one of the community's staff: on these steps that is the owner who reported / signed.
    if (h.action === 'sign-off' || (h.action === 'create' && !!names?.size)) return w('owner');
    return w('unknownUser');
  };
  const detail = (h: HistoryEntry) => {
    const d = h.data ?? {};
    const parts: string[] = [];
    if (h.action === 'reclassify') {
      if (d.fromType !== d.type) parts.push(`${w(`category.${d.fromType}`, String(d.fromType))} → ${w(`category.${d.type}`, String(d.type))}`);
      if (d.fromUrgency !== d.urgency) parts.push(`${w(`urgency.${d.fromUrgency}`, String(d.fromUrgency))} → ${w(`urgency.${d.urgency}`, String(d.urgency))}`);
    }
    if (h.action === 'supervise' && typeof d.result === 'string') {
      parts.push(d.result === 'late' ? w('sup.lateBy').replace('{n}', String(d.lateMinutes)) : w(`sup.${d.result}`));
    }
    const assigneeId = d.assigneeId as string | undefined;
    if (assigneeId) parts.push(`→ ${names?.get(assigneeId) ?? (assignee?.id === assigneeId ? assignee.name : '')}`.trim());
    for (const k of DETAIL_KEYS) {
      const v = d[k];
      if (v === undefined || v === null || v === '') continue;
      const label = k === 'reason' && typeof v === 'string' && (v === 'owner' || v === 'parts') ? w(`wait.${v}`) : typeof v === 'boolean' ? (v ? '✓' : '✗') : String(v);
      parts.push(`${w(k === 'etaMinutes' ? 'etaMinutes' : k)}: ${label}`);
    }
    return parts.filter((p) => p !== '→').join(' · ');
  };
  return (
    <AntTimeline
      data-testid="wo-timeline"
      items={history.map((h, i) => ({
        key: `${h.at}-${i}`,
        color: h.action === 'supervise' ? (SUP_COLORS[String(h.data?.result)] ?? 'blue') : (COLORS[h.action] ?? 'blue'),
        children: (
          <div>
            <div>
              <b>{w(`action.${h.action}`, h.action)}</b>
              {h.to && h.from !== h.to ? <Typography.Text type="secondary"> · {w(`status.${h.to}`, h.to)}</Typography.Text> : null}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(h.at)} · {who(h)}
            </Typography.Text>
            {detail(h) ? <div style={{ fontSize: 12 }}>{detail(h)}</div> : null}
          </div>
        ),
      }))}
    />
  );
}
