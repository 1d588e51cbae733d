/**
 * Edit a person's phones (archive.manage): stored ones stay masked and are sent back by id,
 * new ones are typed in full; one primary. The server validates and answers with masked values.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Input, Modal, Radio, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import type { PersonDetail, PhoneLabel } from './archiveApi.ts';
import { useArchiveText } from './archiveText.ts';

interface Row {
  key: string;
  id?: string;
  masked?: string;
  phone: string;
  label: PhoneLabel;
}
const LABELS: PhoneLabel[] = ['self', 'family', 'work', 'other'];

export function PhonesEditor({ person, open, onClose }: { person: PersonDetail; open: boolean; onClose: () => void }) {
  const a = useArchiveText();
  const qc = useQueryClient();
  const [rows, setRows] = useState<Row[]>([]);
  const [primary, setPrimary] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!open) return;
    setRows(person.phones.map((p) => ({ key: p.id, id: p.id, masked: p.phoneMasked, phone: '', label: p.label })));
    setPrimary(person.phones.find((p) => p.primary)?.id ?? '');
    setError(null);
  }, [open, person]);
  const set = (key: string, patch: Partial<Row>) => setRows((list) => list.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const add = () => setRows((list) => [...list, { key: `new-${Date.now()}`, phone: '', label: 'family' }]);
  const save = async () => {
    setBusy(true);
    try {
      const phones = rows.map((r) => ({ ...(r.id ? { id: r.id } : { phone: r.phone }), label: r.label, primary: r.key === primary }));
      await api.patch(`/api/v1/persons/${person.id}`, { phones });
      await qc.invalidateQueries({ queryKey: ['person', person.id] });
      void qc.invalidateQueries({ queryKey: ['persons'] });
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={`${a('editPhones')} · ${person.name}`} onCancel={onClose} onOk={save} confirmLoading={busy} okText={a('save')} destroyOnHidden>
      <Radio.Group value={primary} onChange={(e) => setPrimary(e.target.value as string)} style={{ width: '100%' }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          {rows.map((r) => (
            <Space key={r.key} data-testid="phone-row">
              <Select<PhoneLabel> value={r.label} style={{ width: 90 }} onChange={(label) => set(r.key, { label })} options={LABELS.map((l) => ({ value: l, label: a(`phone_${l}`) }))} />
              {r.id ? <Input value={r.masked} disabled style={{ width: 170 }} /> : <Input value={r.phone} placeholder="13800000000" maxLength={20} style={{ width: 170 }} onChange={(e) => set(r.key, { phone: e.target.value })} data-testid="new-phone" />}
              <Radio value={r.key}>{a('primary')}</Radio>
              <Button type="text" icon={<DeleteOutlined />} onClick={() => setRows((list) => list.filter((x) => x.key !== r.key))} />
            </Space>
          ))}
        </Space>
      </Radio.Group>
      <Button icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={add} disabled={rows.length >= 5}>{a('addPhone')}</Button>
      {error && <Alert type="error" title={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
