/** 用户: staff accounts with their roles per community; create a user with roles. */
import { useMemo, useState } from 'react';
import { App, Button, Card, Input, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, asPage, type Page } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { can, useSession } from '../../../shared/session.ts';
import { useCommunity } from '../../../shared/community.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { UserFormModal } from './UserFormModal.tsx';
import { assignmentsOf, roleLabel, useRoles, type User } from './settingsApi.ts';

export function UsersPage() {
  const { t, lang } = useI18n();
  const { data: me } = useSession();
  const { communities } = useCommunity();
  const roles = useRoles();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const users = useQuery({
    queryKey: ['users'],
    queryFn: async () => asPage(await api.get<Page<User> | User[]>('/api/v1/users', { limit: 500 })).items,
  });
  const shown = useMemo(() => {
    const f = q.toLowerCase();
    return (users.data ?? []).filter((u) => !f || `${u.username ?? ''} ${u.name}`.toLowerCase().includes(f));
  }, [users.data, q]);
  const mayManage = can(me, 'user.manage');
  async function setActive(u: User, active: boolean) {
    try {
      await api.patch(`/api/v1/users/${u.id}`, { active });
      message.success(t('saved'));
      void qc.invalidateQueries({ queryKey: ['users'] });
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }
  const communityName = (id: string | null) => (id ? communities.find((c) => c.id === id)?.name ?? id.slice(0, 8) : t('allCommunities'));

  return (
    <div>
      <h1 className="pms-page-title">{t('users')}</h1>
      <Card size="small">
        <div className="pms-toolbar">
          <Input.Search allowClear style={{ width: 280 }} placeholder={`${t('username')} / ${t('displayName')}`} onSearch={(v) => setQ(v.trim())} onChange={(e) => setQ(e.target.value.trim())} />
          <div style={{ flex: 1 }} />
          {mayManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-create">
              {t('newUser')}
            </Button>
          ) : null}
        </div>
        {users.error ? <ErrorAlert error={users.error} onRetry={() => void users.refetch()} /> : null}
        <Table<User>
          data-testid="users-table"
          rowKey="id"
          size="small"
          loading={users.isLoading}
          dataSource={shown}
          pagination={{ pageSize: 50, hideOnSinglePage: true, size: 'small' }}
          columns={[
            { title: t('username'), dataIndex: 'username', width: 160 },
            { title: t('displayName'), dataIndex: 'name', width: 120 },
            { title: t('department'), dataIndex: 'department', width: 110, render: (v?: string | null) => (v ? t(`dept.${v}`, v) : '—') },
            { title: t('phoneMasked'), dataIndex: 'phone', width: 130, render: (v?: string | null) => v ?? '—' },
            {
              title: t('roleAssignments'),
              key: 'roles',
              render: (_, u) =>
                assignmentsOf(u).map((a, i) => {
                  const code = a.roleCode ?? a.role ?? '';
                  const role = roles.data?.find((r) => r.id === a.roleId || r.code === code);
                  return (
                    <Tag key={i} style={{ marginBottom: 2 }}>
                      {roleLabel(role, code || role?.code || '?', lang, t)}
                      {a.communityId !== undefined ? ` · ${communityName(a.communityId)}` : ''}
                    </Tag>
                  );
                }),
            },
            {
              title: t('status'),
              key: 'status',
              width: 80,
              render: (_, u) => (u.active === false || u.status === 'disabled' ? <Tag>{t('disabled')}</Tag> : <Tag color="green">{t('active')}</Tag>),
            },
            ...(mayManage
              ? [
                  {
                    title: t('actions'),
                    key: 'actions',
                    width: 130,
                    render: (_: unknown, u: User) =>
                      <Space size={0}>
                        <Button type="link" size="small" onClick={() => setEditing(u)}>{t('edit')}</Button>
                        {u.id === me?.id ? null : u.active === false ? (
                        <Button type="link" size="small" onClick={() => void setActive(u, true)}>{t('activate')}</Button>
                      ) : (
                        <Button type="link" size="small" danger onClick={() => void setActive(u, false)}>{t('deactivate')}</Button>
                        )}
                      </Space>,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <UserFormModal open={creating} onClose={() => setCreating(false)} roles={roles.data ?? []} />
      <UserFormModal key={editing?.id} open={!!editing} user={editing} onClose={() => setEditing(null)} roles={roles.data ?? []} />
    </div>
  );
}
