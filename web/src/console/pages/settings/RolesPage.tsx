/** 角色: list roles with their scope; edit a role's permissions as checkboxes grouped by prefix. */
import { useState } from 'react';
import { Button, Card, Table, Tag } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useI18n } from '../../../shared/i18n.tsx';
import { can, useSession } from '../../../shared/session.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { RolePermissionsDrawer } from './RolePermissionsDrawer.tsx';
import { roleLabel, useRoles, type Role } from './settingsApi.ts';

export function RolesPage() {
  const { t, lang } = useI18n();
  const { data: user } = useSession();
  const roles = useRoles();
  const [editing, setEditing] = useState<Role | null>(null);
  const mayEdit = can(user, 'role.manage');

  return (
    <div>
      <h1 className="pms-page-title">{t('roles')}</h1>
      <Card size="small">
        {roles.error ? <ErrorAlert error={roles.error} onRetry={() => void roles.refetch()} /> : null}
        <Table<Role>
          data-testid="roles-table"
          rowKey="id"
          size="small"
          loading={roles.isLoading}
          dataSource={roles.data ?? []}
          pagination={false}
          columns={[
            { title: t('name'), key: 'name', width: 180, render: (_, r) => roleLabel(r, r.code, lang, t) },
            { title: t('code'), dataIndex: 'code', width: 170, render: (v: string) => <code>{v}</code> },
            { title: t('scope'), dataIndex: 'scope', width: 90, render: (v: string) => <Tag>{t(`scope.${v}`, v)}</Tag> },
            { title: t('permissions'), key: 'perms', render: (_, r) => <span style={{ color: '#666' }}>{r.permissions.length}</span> },
            {
              title: t('actions'),
              key: 'actions',
              width: 120,
              render: (_, r) => (
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                  {t('editPermissions')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <RolePermissionsDrawer role={editing} readOnly={!mayEdit} onClose={() => setEditing(null)} />
    </div>
  );
}
