/** 等待 (R-WO-3): owner not home (leave a note, new appointment) or waiting for parts; the clocks pause. */
import { useState } from 'react';
import { Button, DatePicker, Form, Popup, Selector, TextArea } from 'antd-mobile';
import { formatDateTime } from '../../../shared/format.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';

export function WaitSheet({ visible, onClose, onSubmit }: { visible: boolean; onClose: () => void; onSubmit: (body: Record<string, unknown>) => void }) {
  const w = useWoText();
  const [reason, setReason] = useState<'owner' | 'parts'>('owner');
  const [note, setNote] = useState('');
  const [appointment, setAppointment] = useState<Date | null>(null);
  const [picking, setPicking] = useState(false);

  function submit() {
    onSubmit({ reason, ...(note.trim() ? { note: note.trim() } : {}), ...(reason === 'owner' && appointment ? { appointmentAt: appointment.toISOString() } : {}) });
    setNote('');
    setAppointment(null);
  }

  return (
    <Popup visible={visible} onMaskClick={onClose} bodyStyle={{ borderTopLeftRadius: 12, borderTopRightRadius: 12 }}>
      <div style={{ padding: '12px 12px 0', fontSize: 17, fontWeight: 600 }}>{w('action.wait')}</div>
      <Form layout="vertical">
        <Form.Item label={w('reason')}>
          <Selector columns={2} value={[reason]} onChange={(v) => v[0] && setReason(v[0] as 'owner' | 'parts')} options={(['owner', 'parts'] as const).map((r) => ({ value: r, label: w(`wait.${r}`) }))} data-testid="wait-reason" />
        </Form.Item>
        <Form.Item label={w('note')}>
          <TextArea value={note} onChange={setNote} rows={2} maxLength={500} placeholder={reason === 'owner' ? w('wait.noteHint') : ''} />
        </Form.Item>
        {reason === 'owner' && (
          <Form.Item label={w('wait.appointment')} onClick={() => setPicking(true)} arrowIcon>
            {appointment ? formatDateTime(appointment) : <span style={{ color: '#ccc' }}>{w('none')}</span>}
          </Form.Item>
        )}
      </Form>
      <DatePicker visible={picking} precision="minute" min={new Date()} onClose={() => setPicking(false)} onConfirm={(d) => setAppointment(d)} />
      <div style={{ padding: 12, display: 'flex', gap: 8 }}>
        <Button block onClick={onClose}>
          {w('action.cancel')}
        </Button>
        <Button block color="primary" onClick={submit} data-testid="wait-submit">
          {w('submit')}
        </Button>
      </div>
    </Popup>
  );
}
