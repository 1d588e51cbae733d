/** 报价 (R-WO-4) before work on a household job: catalogue item × quantity plus materials bought for the owner; no cash — billing charges it. */
import { useState } from 'react';
import { Button, Form, Input, Picker, Popup, Stepper, Toast } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { formatFen } from '../../../shared/format.ts';
import { useWoAction, type WorkOrderDetail } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { yuanToFen } from '../../../shared/workorders/money.ts';

interface ServiceItem {
  id: string;
  name: string;
  priceFen: number;
  unit: string;
  active: boolean;
}
interface Material {
  name: string;
  quantity: number;
  price: string;
}

export function QuoteSheet({ order, visible, onClose }: { order: WorkOrderDetail; visible: boolean; onClose: () => void }) {
  const w = useWoText();
  const act = useWoAction();
  const items = useQuery({ queryKey: ['workorder', 'service-items', order.communityId], enabled: visible, queryFn: async () => (await api.get<{ items: ServiceItem[] }>('/api/v1/service-items', { communityId: order.communityId })).items.filter((i) => i.active) });
  const [itemId, setItemId] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const [quantity, setQuantity] = useState(1);
  const [materials, setMaterials] = useState<Material[]>([]);
  const item = items.data?.find((i) => i.id === itemId);
  const materialsFen = materials.reduce((s, m) => s + m.quantity * (yuanToFen(m.price) ?? 0), 0);
  const total = (item ? item.priceFen * quantity : 0) + materialsFen;
  const bad = materials.some((m) => !m.name.trim() || yuanToFen(m.price) === null);

  async function submit() {
    try {
      await act.mutateAsync({ id: order.id, action: 'quote', body: { ...(item ? { serviceItemId: item.id, quantity } : {}), materials: materials.map((m) => ({ name: m.name.trim(), quantity: m.quantity, unitFen: yuanToFen(m.price)! })) } });
      Toast.show({ content: w('done'), icon: 'success' });
      onClose();
    } catch (e) {
      Toast.show({ content: e instanceof Error ? e.message : String(e), icon: 'fail', duration: 3000 });
    }
  }

  const setMaterial = (i: number, m: Partial<Material>) => setMaterials((xs) => xs.map((x, j) => (j === i ? { ...x, ...m } : x)));
  return (
    <Popup visible={visible} onMaskClick={onClose} bodyStyle={{ maxHeight: '90vh', overflowY: 'auto', borderTopLeftRadius: 12, borderTopRightRadius: 12 }}>
      <div style={{ padding: '12px 12px 0', fontSize: 17, fontWeight: 600 }}>{w('action.quote')}</div>
      <Form layout="horizontal">
        <Form.Item label={w('quote.item')} onClick={() => setPicking(true)} arrowIcon>
          {item ? `${item.name} ${formatFen(item.priceFen)}/${item.unit}` : <span style={{ color: '#ccc' }}>{w('none')}</span>}
        </Form.Item>
        {item && (
          <Form.Item label={w('quote.quantity')}>
            <Stepper min={1} max={1000} value={quantity} onChange={setQuantity} />
          </Form.Item>
        )}
        {materials.map((m, i) => (
          <Form.Item key={i} label={`${w('quote.material')} ${i + 1}`} extra={<a onClick={() => setMaterials((xs) => xs.filter((_, j) => j !== i))}>✕</a>}>
            <Input placeholder={w('quote.materialName')} value={m.name} onChange={(v) => setMaterial(i, { name: v })} />
            <div style={{ display: 'flex', gap: 8, marginTop: 6, alignItems: 'center' }}>
              <Stepper min={1} max={10000} value={m.quantity} onChange={(v) => setMaterial(i, { quantity: v })} style={{ '--input-width': '44px', flex: 'none' } as never} />
              <Input placeholder={w('quote.unitPrice')} inputMode="decimal" value={m.price} onChange={(v) => setMaterial(i, { price: v })} />
            </div>
          </Form.Item>
        ))}
      </Form>
      <div style={{ padding: '8px 12px' }}>
        <Button size="small" onClick={() => setMaterials((xs) => [...xs, { name: '', quantity: 1, price: '' }])}>
          + {w('quote.material')}
        </Button>
        <div style={{ fontSize: 18, fontWeight: 600, marginTop: 12 }}>
          {w('quote.total')}：{formatFen(total)}
        </div>
        <div style={{ fontSize: 12, color: '#999' }}>{w('quote.noCash')}</div>
      </div>
      <div style={{ padding: 12, display: 'flex', gap: 8 }}>
        <Button block onClick={onClose}>
          {w('action.cancel')}
        </Button>
        <Button block color="primary" disabled={bad || (!item && !materials.length)} loading={act.isPending} onClick={() => void submit()}>
          {w('submit')}
        </Button>
      </div>
      <Picker
        visible={picking}
        onClose={() => setPicking(false)}
        columns={[(items.data ?? []).map((i) => ({ value: i.id, label: `${i.name} ${formatFen(i.priceFen)}/${i.unit}` }))]}
        value={itemId ? [itemId] : []}
        onConfirm={(v) => setItemId((v[0] as string) ?? null)}
      />
    </Popup>
  );
}
