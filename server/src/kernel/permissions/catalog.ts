/**
 * Permission strings and the default roles of R-ORG-3. Roles are rows in the database
 * (seeded from here for a new company) so an administrator can change them without a release.
 */
export const PERMISSIONS = [
  'company.manage', 'community.read', 'community.manage', 'property.read', 'property.manage',
  'user.read', 'user.manage', 'role.manage', 'import.run', 'export.run', 'file.read', 'file.upload',
  'calendar.manage', 'audit.read',
  'request.create', 'request.read', 'request.manage', 'request.afterhours',
  'workorder.read', 'workorder.create', 'workorder.dispatch', 'workorder.work', 'workorder.supervise', 'workorder.close',
  'sla.manage', 'notification.read', 'kpi.read',
  'archive.read', 'archive.manage', 'archive.reveal', 'archive.export', 'archive.borrow.request', 'archive.borrow.approve', 'archive.audit', 'archive.event.review', 'accesslog.read',
  'billing.read', 'billing.manage', 'billing.run', 'payment.collect', 'payment.refund', 'payment.approve', 'dunning.manage', 'publicincome.manage', 'finance.report',
  'vacancy.apply',
  'owner.self', 'committee.read',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export interface RoleTemplate {
  code: string;
  nameZh: string;
  nameEn: string;
  scope: 'company' | 'community' | 'owner';
  permissions: readonly Permission[];
}

const staffBasics: Permission[] = ['community.read', 'property.read', 'file.read', 'file.upload', 'notification.read', 'request.create', 'request.read', 'workorder.read'];
const all = PERMISSIONS.filter((p) => p !== 'owner.self' && p !== 'committee.read');

export const DEFAULT_ROLES: readonly RoleTemplate[] = [
  { code: 'company_admin', nameZh: '公司管理员', nameEn: 'Company administrator', scope: 'company', permissions: all },
  { code: 'general_manager', nameZh: '公司总经理', nameEn: 'General manager', scope: 'company', permissions: all.filter((p) => !['archive.reveal', 'role.manage'].includes(p)) },
  { code: 'community_manager', nameZh: '管理处经理', nameEn: 'Community manager', scope: 'community', permissions: all.filter((p) => !['company.manage', 'role.manage', 'calendar.manage'].includes(p)) },
  { code: 'supervisor', nameZh: '部门主管', nameEn: 'Department supervisor', scope: 'community', permissions: [...staffBasics, 'request.manage', 'workorder.create', 'workorder.dispatch', 'workorder.supervise', 'workorder.close', 'kpi.read', 'user.read', 'export.run'] },
  { code: 'dispatcher', nameZh: '维修调度', nameEn: 'Dispatcher', scope: 'community', permissions: [...staffBasics, 'request.manage', 'workorder.create', 'workorder.dispatch', 'user.read'] },
  { code: 'clerk', nameZh: '客服', nameEn: 'Front-desk clerk', scope: 'community', permissions: [...staffBasics, 'request.manage', 'workorder.create', 'workorder.close', 'archive.read', 'archive.manage', 'archive.borrow.request', 'billing.read', 'vacancy.apply', 'user.read', 'export.run'] },
  { code: 'engineer', nameZh: '工程技术员', nameEn: 'Engineer / technician', scope: 'community', permissions: [...staffBasics, 'workorder.work', 'archive.borrow.request'] },
  { code: 'security_guard', nameZh: '秩序维护员', nameEn: 'Security guard', scope: 'community', permissions: [...staffBasics, 'archive.borrow.request'] },
  { code: 'cleaner', nameZh: '保洁员', nameEn: 'Cleaner', scope: 'community', permissions: [...staffBasics] },
  { code: 'finance', nameZh: '财务', nameEn: 'Finance clerk', scope: 'community', permissions: [...staffBasics, 'billing.read', 'billing.manage', 'billing.run', 'vacancy.apply', 'payment.collect', 'payment.refund', 'dunning.manage', 'publicincome.manage', 'finance.report', 'export.run', 'archive.borrow.request'] },
  { code: 'archive_admin', nameZh: '档案管理员', nameEn: 'Archive administrator', scope: 'community', permissions: [...staffBasics, 'archive.read', 'archive.manage', 'archive.reveal', 'archive.export', 'archive.audit', 'accesslog.read', 'export.run', 'import.run'] },
  { code: 'quality_inspector', nameZh: '品质专员', nameEn: 'Quality inspector', scope: 'community', permissions: [...staffBasics, 'kpi.read', 'workorder.supervise', 'archive.audit', 'archive.borrow.request'] },
  { code: 'monitoring_center', nameZh: '消防监控中心', nameEn: 'Monitoring centre', scope: 'community', permissions: [...staffBasics, 'request.manage', 'request.afterhours', 'workorder.create'] },
  { code: 'committee_member', nameZh: '业委会委员', nameEn: "Owners' committee member", scope: 'owner', permissions: ['owner.self', 'committee.read'] },
  { code: 'owner', nameZh: '业主/住户', nameEn: 'Owner / resident', scope: 'owner', permissions: ['owner.self'] },
];
