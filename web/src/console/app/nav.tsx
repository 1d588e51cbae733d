/** Side navigation: every SPEC domain, with the requirement ids a placeholder page will cover. */
import type { ReactNode } from 'react';
import {
  AlertOutlined, AppstoreOutlined, BankOutlined, BellOutlined, CarOutlined, CustomerServiceOutlined,
  DashboardOutlined, FileSearchOutlined, HomeOutlined, MessageOutlined, MoneyCollectOutlined, SafetyOutlined,
  SettingOutlined, SolutionOutlined, StarOutlined, ToolOutlined, HeartOutlined, CheckSquareOutlined,
  EnvironmentOutlined, ThunderboltOutlined, UploadOutlined, TeamOutlined, CalendarOutlined, KeyOutlined,
  PartitionOutlined, FieldTimeOutlined, LineChartOutlined,
} from '@ant-design/icons';

export interface NavItem {
  key: string;
  path?: string;
  label: string; // messages key
  icon?: ReactNode;
  reqs?: string[];
  /** Built for real (otherwise a placeholder page). */
  built?: boolean;
  children?: NavItem[];
}

export const NAV: NavItem[] = [
  { key: 'dashboard', built: true, path: '/', label: 'dashboard', icon: <DashboardOutlined />, reqs: ['R-QA-4', 'R-BI-1'] },
  { key: 'desk', built: true, path: '/desk', label: 'desk', icon: <CustomerServiceOutlined />, reqs: ['R-DESK-1', 'R-DESK-2', 'R-DESK-3', 'R-DESK-4', 'R-DESK-5', 'R-DESK-6', 'R-DESK-7'] },
  { key: 'workOrders', built: true, path: '/work-orders', label: 'workOrders', icon: <ToolOutlined />, reqs: ['R-WO-1', 'R-WO-2', 'R-WO-3', 'R-WO-4', 'R-WO-5', 'R-WO-6', 'R-WO-7', 'R-WO-8', 'R-WO-9'] },
  { key: 'dispatch', built: true, path: '/dispatch', label: 'dispatchBoard', icon: <PartitionOutlined />, reqs: ['R-WO-2'] },
  { key: 'kpi', built: true, path: '/kpi', label: 'serviceKpi', icon: <LineChartOutlined />, reqs: ['R-WO-9'] },
  { key: 'complaints', path: '/complaints', label: 'complaints', icon: <MessageOutlined />, reqs: ['R-CMP-1', 'R-CMP-2', 'R-CMP-3', 'R-CMP-4', 'R-CMP-5', 'R-CMP-6', 'R-CMP-7'] },
  { key: 'inspections', path: '/inspections', label: 'inspections', icon: <FileSearchOutlined />, reqs: ['R-INS-1', 'R-INS-2', 'R-INS-3', 'R-INS-4', 'R-INS-5', 'R-INS-6'] },
  { key: 'fees', built: true, path: '/fees', label: 'fees', icon: <MoneyCollectOutlined />, reqs: ['R-FEE-1', 'R-FEE-2', 'R-FEE-3', 'R-FEE-4', 'R-FEE-5', 'R-FEE-6', 'R-FEE-7', 'R-FEE-8', 'R-LAW-1'] },
  { key: 'emergencies', path: '/emergencies', label: 'emergencies', icon: <AlertOutlined />, reqs: ['R-EMG-1', 'R-EMG-2', 'R-EMG-3', 'R-EMG-4', 'R-EMG-5', 'R-IOT-1'] },
  { key: 'archive', built: true, path: '/archive', label: 'archive', icon: <SolutionOutlined />, reqs: ['R-ARC-1', 'R-ARC-2', 'R-ARC-3', 'R-ARC-4', 'R-ARC-5', 'R-ARC-6', 'R-ARC-7', 'R-LAW-3'] },
  { key: 'services', path: '/services', label: 'services', icon: <HeartOutlined />, reqs: ['R-SVC-1', 'R-SVC-2', 'R-SVC-3'] },
  { key: 'quality', path: '/quality', label: 'quality', icon: <StarOutlined />, reqs: ['R-QA-1', 'R-QA-2', 'R-QA-3', 'R-QA-4', 'R-QA-5'] },
  { key: 'gate', path: '/gate', label: 'gate', icon: <SafetyOutlined />, reqs: ['R-SEC-1', 'R-SEC-2'] },
  { key: 'announcements', path: '/announcements', label: 'announcements', icon: <BellOutlined />, reqs: ['R-COM-1', 'R-COM-2', 'R-COM-3', 'R-COM-4'] },
  { key: 'votes', path: '/votes', label: 'votes', icon: <CheckSquareOutlined />, reqs: ['R-COM-5'] },
  { key: 'fund', path: '/fund', label: 'maintenanceFund', icon: <BankOutlined />, reqs: ['R-FUND-1', 'R-LAW-2'] },
  {
    key: 'property',
    label: 'property',
    icon: <HomeOutlined />,
    children: [
      { key: 'rooms', built: true, path: '/property/rooms', label: 'rooms', icon: <AppstoreOutlined /> },
      { key: 'parking', built: true, path: '/property/parking', label: 'parkingSpaces', icon: <CarOutlined /> },
      { key: 'commonAreas', built: true, path: '/property/common-areas', label: 'commonAreas', icon: <EnvironmentOutlined /> },
      { key: 'equipment', built: true, path: '/property/equipment', label: 'equipment', icon: <ThunderboltOutlined /> },
      { key: 'import', built: true, path: '/property/import', label: 'importRooms', icon: <UploadOutlined /> },
    ],
  },
  {
    key: 'settings',
    label: 'settings',
    icon: <SettingOutlined />,
    children: [
      { key: 'users', built: true, path: '/settings/users', label: 'users', icon: <TeamOutlined /> },
      { key: 'roles', built: true, path: '/settings/roles', label: 'roles', icon: <KeyOutlined /> },
      { key: 'calendar', built: true, path: '/settings/calendar', label: 'calendar', icon: <CalendarOutlined /> },
      { key: 'sla', built: true, path: '/settings/sla', label: 'slaPolicies', icon: <FieldTimeOutlined /> },
    ],
  },
];

/** Flattened items that have a route. */
export const NAV_PAGES: NavItem[] = NAV.flatMap((n) => (n.children ? n.children : [n])).filter((n) => n.path);

/** The nav item whose path best matches the location. */
export function activeNav(pathname: string): NavItem | undefined {
  return [...NAV_PAGES].sort((a, b) => b.path!.length - a.path!.length).find((n) => (n.path === '/' ? pathname === '/' : pathname.startsWith(n.path!)));
}
