/** 重点业户 (R-ARC-4): list of key-owner profiles, create/edit, linked complaints and work orders by reference. */
import { useEffect, useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Select, Space, Table } from 'antd';
import dayjs from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { can, useSession } from '../../../shared/session.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { useKeyProfile, useKeyProfiles, usePersons, type KeyProfile } from './archiveApi.ts';
import { LinkTags, LinksField, linksForForm } from './links.tsx';
import { useArchiveText } from './archiveText.ts';

const TEXTS = ['character', 'preferences', 'skills', 'specialNeeds', 'opinions'] as const;

export function KeyOwnersTab({ communityId, onPerson }: { communityId: string | null; onPerson: (id: string) => void }) {
  const a = useArchiveText();
  const { data: user } = useSession();
  const list = useKeyProfiles(communityId);
  const [editing, setEditing] = useState<{ personId: string | null } | null>(null);
  const manages = can(user, 'archive.manage', communityId);
  return (
    <>
      {manages && <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setEditing({ personId: null })} data-testid="new-key-owner">{a('newKeyOwner')}</Button>}
      <Table<KeyProfile>
        size="small" rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} pagination={{ pageSize: 30 }}
        columns={[
          { title: a('name'), dataIndex: 'personName', render: (v: string, r) => <a onClick={() => onPerson(r.personId)}>{v}</a> },
          { title: a('birthday'), dataIndex: 'birthday', render: (v: string | null) => v ?? '—' },
          { title: a('specialNeeds'), dataIndex: 'specialNeeds', ellipsis: true },
          { title: a('preferences'), dataIndex: 'preferences', ellipsis: true },
          { title: a('links'), dataIndex: 'links', render: (v: KeyProfile['links']) => <LinkTags links={v} /> },
          { title: a('updated'), dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v) },
          { title: '', width: 80, render: (_, r) => manages && <Button size="small" onClick={() => setEditing({ personId: r.personId })}>{a('edit')}</Button> },
        ]}
      />
      <KeyOwnerModal communityId={communityId} editing={editing} onClose={() => setEditing(null)} />
    </>
  );
}

function KeyOwnerModal({ communityId, editing, onClose }: { communityId: string | null; editing: { personId: string | null } | null; onClose: () => void }) {
  const a = useArchiveText();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [personId, setPersonId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const persons = usePersons(editing && !editing.personId ? communityId : null, '');
  const existing = useKeyProfile(editing?.personId ?? null);
  useEffect(() => {
    if (!editing) return;
    setPersonId(editing.personId);
    setError(null);
    form.resetFields();
  }, [editing, form]);
  useEffect(() => {
    const p = existing.data?.profile;
    if (!p || !editing?.personId) return;
    form.setFieldsValue({ ...Object.fromEntries(TEXTS.map((k) => [k, p[k]])), birthday: p.birthday ? dayjs(p.birthday) : null, links: linksForForm(p.links) });
  }, [existing.data, editing, form]);
  const save = async () => {
    const v = await form.validateFields();
    if (!personId) return setError(a('person'));
    try {
      await api.put(`/api/v1/persons/${personId}/key-profile`, {
        ...Object.fromEntries(TEXTS.map((k) => [k, v[k] ?? ''])),
        birthday: v.birthday ? (v.birthday as dayjs.Dayjs).format('YYYY-MM-DD') : null,
        links: (v.links ?? []).map((l: { kind: string; refId: string }) => ({ kind: l.kind, refId: l.refId.trim() })),
      });
      void qc.invalidateQueries({ queryKey: ['key-profiles'] });
      void qc.invalidateQueries({ queryKey: ['key-profile', personId] });
      message.success(a('save'));
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Modal open={!!editing} width={640} title={editing?.personId ? a('editKeyOwner') : a('newKeyOwner')} onCancel={onClose} onOk={save} okText={a('save')} destroyOnHidden>
      {!editing?.personId && (
        <Space style={{ marginBottom: 12 }}>
          <span>{a('person')}</span>
          <Select
            showSearch style={{ width: 280 }} value={personId ?? undefined} onChange={setPersonId} optionFilterProp="label" data-testid="key-owner-person"
            options={(persons.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} ${p.phoneMasked ?? ''}` }))}
          />
        </Space>
      )}
      <Form form={form} layout="vertical" size="small">
        <Form.Item name="birthday" label={a('birthday')}><DatePicker /></Form.Item>
        {TEXTS.map((k) => (
          <Form.Item key={k} name={k} label={a(k)}><Input.TextArea rows={k === 'opinions' ? 3 : 1} maxLength={2000} /></Form.Item>
        ))}
        <Form.Item label={a('links')}><LinksField /></Form.Item>
      </Form>
      {error && <Alert type="error" title={error} />}
    </Modal>
  );
}
