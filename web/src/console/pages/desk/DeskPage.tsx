/** 前台接待 (R-DESK-1..4): fast intake on the left, the proposed classification below it, recent requests on the right. */
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../../shared/i18n.tsx';
import { useCommunity } from '../../../shared/community.tsx';
import type { RequestItem } from '../../../shared/workorders/api.ts';
import { WorkOrderDrawer } from '../../modules/workorders/WorkOrderDrawer.tsx';
import { IntakeForm } from './IntakeForm.tsx';
import { ClassificationPanel } from './ClassificationPanel.tsx';
import { RecentRequests } from './RecentRequests.tsx';
import { HandoverCard } from './HandoverCard.tsx';

export function DeskPage() {
  const { t } = useI18n();
  const { communityId } = useCommunity();
  const [current, setCurrent] = useState<RequestItem | null>(null);
  const [params, setParams] = useSearchParams();
  const woId = params.get('wo');
  const openWo = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('wo', id);
    else next.delete('wo');
    setParams(next);
  };

  return (
    <div>
      <h1 className="pms-page-title">{t('desk')}</h1>
      <div className="desk-grid">
        <IntakeForm communityId={communityId} onCreated={setCurrent} />
        <div>
          <HandoverCard communityId={communityId} onSelect={setCurrent} />
          {current && <ClassificationPanel request={current} onChange={setCurrent} onOpenWorkOrder={openWo} />}
          <RecentRequests communityId={communityId} selectedId={current?.id} onSelect={setCurrent} />
        </div>
      </div>
      <WorkOrderDrawer id={woId} onClose={() => openWo(null)} />
    </div>
  );
}
