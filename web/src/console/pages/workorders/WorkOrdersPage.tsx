/** 工单 (R-WO-1..8): work orders and requests with filters and live updates; detail in a drawer (?wo=id). */
import { Button, Card, Space, Tabs } from 'antd';
import { MobileOutlined, PartitionOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { can, useSession } from '../../../shared/session.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { useCommunity } from '../../../shared/community.tsx';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { WorkOrderDrawer } from '../../modules/workorders/WorkOrderDrawer.tsx';
import { WorkOrderTable } from './WorkOrderTable.tsx';
import { RequestTable } from './RequestTable.tsx';
import { RequestDrawer } from './RequestDrawer.tsx';
import { SupervisionTable } from './SupervisionTable.tsx';

export function WorkOrdersPage() {
  const { t } = useI18n();
  const w = useWoText();
  const { communityId } = useCommunity();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { data: user } = useSession();
  const woId = params.get('wo');
  const tab = params.get('tab') ?? 'orders';
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  return (
    <div>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <h1 className="pms-page-title">{t('workOrders')}</h1>
        <Space style={{ marginBottom: 12 }}>
          {can(user, 'workorder.dispatch', communityId) && (
            <Button icon={<PartitionOutlined />} onClick={() => navigate('/dispatch')}>
              {w('board.title')}
            </Button>
          )}
          {can(user, 'workorder.work', communityId) && (
            <Button icon={<MobileOutlined />} onClick={() => navigate('/tech')} data-testid="open-tech">
              {w('tech.myJobs')}
            </Button>
          )}
        </Space>
      </div>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => set('tab', k)}
          items={[
            { key: 'orders', label: w('workOrders'), children: <WorkOrderTable communityId={communityId} onOpen={(id) => set('wo', id)} /> },
            { key: 'requests', label: w('requests'), children: <RequestTable communityId={communityId} onOpen={(id) => set('req', id)} onOpenWorkOrder={(id) => set('wo', id)} /> },
            ...(can(user, 'workorder.supervise', communityId) ? [{ key: 'supervision', label: <span data-testid="tab-supervision">{w('sup.title')}</span>, children: <SupervisionTable communityId={communityId} onOpen={(id) => set('wo', id)} /> }] : []),
          ]}
        />
      </Card>
      <RequestDrawer id={params.get('req')} onClose={() => set('req', null)} onOpenWorkOrder={(id) => set('wo', id)} />
      <WorkOrderDrawer id={woId} onClose={() => set('wo', null)} />
    </div>
  );
}
