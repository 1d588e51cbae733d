/** Edit a role's permission strings: checkboxes grouped by the prefix before the first '.'. */
import { useEffect, useMemo, useState } from 'react';
import { App, Button, Checkbox, Drawer, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { roleLabel, usePermissionCatalog, type Role } from './settingsApi.ts';

export function RolePermissionsDrawer({ role, readOnly, onClose }: { role: Role | null; readOnly: boolean; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const catalog = usePermissionCatalog();
  const [checked, setChecked] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  useEffect(() => setChecked(role?.permissions ?? []), [role]);

  const groups = useMemo(() => {
    const all = [...new Set([...(catalog.data ?? []), ...(role?.permissions ?? [])])].sort();
    const m = new Map<string, string[]>();
    for (const p of all) {
      const g = p.split('.')[0];
      m.set(g, [...(m.get(g) ?? []), p]);
    }
    return [...m.entries()];
  }, [catalog.data, role]);

  async function save() {
    if (!role) return;
    setSaving(true);
    try {
      await api.patch(`/api/v1/roles/${role.id}`, { permissions: checked });
      message.success(t('saved'));
      void qc.invalidateQueries({ queryKey: ['roles'] });
      onClose();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      open={!!role}
      onClose={onClose}
      size={560}
      title={role ? `${t('editPermissions')} · ${roleLabel(role, role.code, lang, t)}` : ''}
      extra={
        !readOnly && (
          <Space>
            <Button onClick={onClose}>{t('cancel')}</Button>
            <Button type="primary" loading={saving} onClick={save} data-testid="role-save">
              {t('save')}
            </Button>
          </Space>
        )
      }
    >
      {groups.map(([group, perms]) => {
        const inGroup = perms.filter((p) => checked.includes(p));
        return (
          <div key={group} style={{ marginBottom: 14, paddingBottom: 10, borderBottom: '1px solid #f0f0f0' }}>
            <Checkbox
              disabled={readOnly}
              indeterminate={inGroup.length > 0 && inGroup.length < perms.length}
              checked={inGroup.length === perms.length}
              onChange={(e) => setChecked((c) => (e.target.checked ? [...new Set([...c, ...perms])] : c.filter((p) => !perms.includes(p))))}
            >
              <Typography.Text strong>{t(`perm.${group}`, group)}</Typography.Text>
            </Checkbox>
            <div style={{ paddingLeft: 24, marginTop: 6 }}>
              <Checkbox.Group disabled={readOnly} value={inGroup} onChange={(v) => setChecked((c) => [...c.filter((p) => !perms.includes(p)), ...(v as string[])])}>
                <Space wrap size={[12, 4]}>
                  {perms.map((p) => (
                    <Checkbox key={p} value={p}>
                      <code style={{ fontSize: 12 }}>{p}</code>
                    </Checkbox>
                  ))}
                </Space>
              </Checkbox.Group>
            </div>
          </div>
        );
      })}
    </Drawer>
  );
}
