/** Create a staff user (username, name, initial password, (role, community) pairs) or edit one (name, department, roles). */
import { useState } from 'react';
import { App, Button, Form, Input, Modal, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { useCommunity } from '../../../shared/community.tsx';
import { assignmentsOf, roleLabel, type Role, type User } from './settingsApi.ts';

const DEPARTMENTS = ['customer_service', 'engineering', 'security', 'environment', 'finance', 'general_affairs', 'quality', 'management'];

interface FormValues {
  username: string;
  name: string;
  password: string;
  department?: string;
  roles: { roleCode: string; communityId?: string }[];
}

export function UserFormModal({ open, onClose, roles, user }: { open: boolean; onClose: () => void; roles: Role[]; user?: User | null }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { communities, communityId } = useCommunity();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const staffRoles = roles.filter((r) => r.scope !== 'owner');

  async function submit(v: FormValues) {
    setBusy(true);
    try {
      const assignments = v.roles.map((a) => {
        const role = roles.find((r) => r.code === a.roleCode);
        return { roleCode: a.roleCode, communityId: role?.scope === 'company' ? null : (a.communityId ?? null) };
      });
      if (user) {
        await api.patch(`/api/v1/users/${user.id}`, { name: v.name.trim(), department: v.department ?? null, roles: assignments });
        message.success(t('saved'));
      } else {
        await api.post('/api/v1/users', { username: v.username.trim(), name: v.name.trim(), password: v.password, department: v.department ?? null, roles: assignments });
        message.success(t('created'));
      }
      void qc.invalidateQueries({ queryKey: ['users'] });
      form.resetFields();
      onClose();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={open} title={user ? `${t('edit')} · ${user.name}` : t('newUser')} onCancel={onClose} footer={null} destroyOnHidden width={560}>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          user
            ? { username: user.username ?? '', name: user.name, department: user.department ?? undefined, roles: assignmentsOf(user).map((a) => ({ roleCode: a.roleCode ?? a.role ?? '', communityId: a.communityId ?? undefined })) }
            : { roles: [{ communityId: communityId ?? undefined }] }
        }
        requiredMark={false}
      >
        <Space.Compact block>
          <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }]} style={{ flex: 1, marginRight: 8 }}>
            <Input autoComplete="off" disabled={!!user} />
          </Form.Item>
          <Form.Item name="name" label={t('displayName')} rules={[{ required: true, message: t('required') }]} style={{ flex: 1 }}>
            <Input autoComplete="off" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="department" label={t('department')}>
          <Select allowClear options={DEPARTMENTS.map((d) => ({ value: d, label: t(`dept.${d}`) }))} />
        </Form.Item>
        {!user && (
          <Form.Item name="password" label={t('password')} extra={t('passwordHint')} rules={[{ required: true, min: 8, message: t('passwordHint') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        )}
        <div style={{ marginBottom: 8 }}>{t('roleAssignments')}</div>
        <Form.List name="roles">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'roleCode']} rules={[{ required: true, message: t('required') }]} style={{ width: 220 }}>
                    <Select showSearch={{ optionFilterProp: 'label' }} listHeight={320} data-testid={`role-select-${f.name}`} placeholder={t('roles')} options={staffRoles.map((r) => ({ value: r.code, label: `${roleLabel(r, r.code, lang, t)}${r.scope === 'company' ? ` (${t('scope.company')})` : ''}` }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'communityId']} style={{ width: 220 }}>
                    <Select allowClear placeholder={t('allCommunities')} options={communities.map((c) => ({ value: c.id, label: c.name }))} />
                  </Form.Item>
                  {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ communityId: communityId ?? undefined })} style={{ marginBottom: 16 }}>
                {t('addAssignment')}
              </Button>
            </>
          )}
        </Form.List>
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy}>
            {user ? t('save') : t('create')}
          </Button>
        </Space>
      </Form>
    </Modal>
  );
}
