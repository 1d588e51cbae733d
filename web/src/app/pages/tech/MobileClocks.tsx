/** Clocks on a phone: one line each, counting down live, red when breached. */
import { Tag } from 'antd-mobile';
import { useI18n } from '../../../shared/i18n.tsx';
import type { Deadline } from '../../../shared/workorders/api.ts';
import { clockState } from '../../../shared/workorders/clock.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { formatSpan, useNow } from '../../../shared/workorders/useNow.ts';

const COLORS = { met: 'success', cancelled: 'default', paused: '#722ed1', breached: 'danger', warning: 'warning', running: 'primary' } as const;

export function MobileClocks({ deadlines }: { deadlines: Deadline[] }) {
  const w = useWoText();
  const { lang } = useI18n();
  const now = useNow();
  const open = deadlines.filter((d) => !d.metAt && !d.cancelledAt);
  if (!open.length) return null;
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
      {open.map((d) => {
        const state = clockState(d, now);
        const left = Date.parse(d.dueAt) - now;
        const text = state === 'paused' ? w('clock.paused') : left < 0 ? `${w('clock.over')} ${formatSpan(left, lang)}` : `${w('clock.left')} ${formatSpan(left, lang)}`;
        return (
          <Tag key={`${d.subjectType}-${d.kind}-${d.dueAt}`} color={COLORS[state]} fill="outline" style={{ fontSize: 13, padding: '3px 6px' }} data-testid={`clock-${d.kind}`} data-state={state}>
            {w(`clock.${d.kind}`, d.kind)} {text}
          </Tag>
        );
      })}
    </div>
  );
}
