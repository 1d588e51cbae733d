/** Reveal one full value: a reason is required; the server logs it before answering (and logs a copy). */
import { useState } from 'react';
import { Alert, Input, Modal, Typography } from 'antd';
import { api } from '../../../shared/api.ts';
import { useArchiveText } from './archiveText.ts';

export function RevealDialog({ personId, field, phoneId, onClose }: { personId: string; field: 'phone' | 'idNumber' | null; phoneId?: string; onClose: () => void }) {
  const a = useArchiveText();
  const [reason, setReason] = useState('');
  const [value, setValue] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setReason('');
    setValue(null);
    setError(null);
    onClose();
  };
  const submit = async () => {
    if (reason.trim().length < 2) return setError(a('reasonRequired'));
    setBusy(true);
    try {
      const r = await api.post<{ value: string | null }>(`/api/v1/persons/${personId}/reveal`, { field, phoneId: field === 'phone' ? phoneId : undefined, reason });
      setValue(r.value ?? '—');
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={!!field} title={`${a('revealTitle')} · ${field ? a(field) : ''}`} onCancel={close} onOk={value ? close : submit} confirmLoading={busy} okText={value ? 'OK' : a('reveal')} destroyOnHidden>
      <Alert type="warning" showIcon title={a('revealHint')} style={{ marginBottom: 12 }} />
      {value ? (
        <Typography.Title level={4} data-testid="revealed-value" copyable={{ onCopy: () => void api.post(`/api/v1/persons/${personId}/copy`, { field, phoneId: field === 'phone' ? phoneId : undefined, reason }) }}>{value}</Typography.Title>
      ) : (
        <Input.TextArea data-testid="reveal-reason" rows={2} maxLength={500} placeholder={a('reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      )}
      {error && <Alert type="error" title={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
