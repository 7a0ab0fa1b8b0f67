import type { ComponentType } from 'react';
import {
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CloudUploadOutlined,
  IdcardOutlined,
  HomeOutlined,
  TableOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { ApartmentOutlined, CarryOutOutlined, FieldTimeOutlined, FileSearchOutlined } from '@ant-design/icons';
import { DatabaseOutlined, FileAddOutlined, NodeIndexOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { AccountBookOutlined, GiftOutlined } from '@ant-design/icons';
import { AlertOutlined, LineChartOutlined } from '@ant-design/icons';
import { ShopOutlined } from '@ant-design/icons';
import { CommentOutlined, EditOutlined } from '@ant-design/icons';
import { ROLES, type Role } from '../../src/kernel/roles.ts';

/**
 * One page of the app: its route, its label (an i18n key), its menu icon, who may open it and
 * how to load it (a dynamic import, so every page is a chunk of its own).
 */
export interface NavEntry {
  path: string;
  labelKey: string;
  icon: ComponentType;
  roles: readonly Role[];
  page: () => Promise<{ default: ComponentType }>;
  /** A page reachable by URL but not listed in the side navigation. */
  hidden?: boolean;
  /** A page anyone may open without logging in (a QR code's verification page); shown bare when logged out. */
  public?: boolean;
}

const COMPANY: readonly Role[] = ['enterprise', 'agent'];
const OFFICIALS: readonly Role[] = ['official', 'department_officer'];
const ADMIN: readonly Role[] = ['platform_admin'];

/**
 * The navigation table: the side menu and the routes are both built from it, in this order.
 * A scenario adds its page with one line here (plus its page file and i18n keys).
 */
export const NAV: readonly NavEntry[] = [
  { path: '/portal', labelKey: 'nav.portal', icon: HomeOutlined, roles: COMPANY, page: () => import('./pages/portal/PortalHome.tsx') },
  { path: '/workbench', labelKey: 'nav.workbench', icon: TableOutlined, roles: [...OFFICIALS, ...ADMIN], page: () => import('./pages/workbench/WorkbenchHome.tsx') },
  { path: '/cockpit', labelKey: 'nav.cockpit', icon: BarChartOutlined, roles: [...OFFICIALS, ...ADMIN], page: () => import('./pages/cockpit/CockpitHome.tsx') },
  { path: '/registry/portrait', labelKey: 'nav.registryPortrait', icon: IdcardOutlined, roles: [...COMPANY, ...OFFICIALS, ...ADMIN], page: () => import('./pages/registry/PortraitPage.tsx') },
  { path: '/registry/imports', labelKey: 'nav.registryImports', icon: CloudUploadOutlined, roles: ['department_officer', ...ADMIN], page: () => import('./pages/registry/ImportPage.tsx') },
  { path: '/admin/audit', labelKey: 'nav.audit', icon: AuditOutlined, roles: ADMIN, page: () => import('./pages/admin/AuditPage.tsx') },
  { path: '/admin/users', labelKey: 'nav.users', icon: TeamOutlined, roles: ADMIN, page: () => import('./pages/admin/UsersPage.tsx') },
  // The working-day calendar: officials read it, administrators enter next year's holiday notice. A page of its own
  // rather than /admin/…, which would make the admin section an officials' landing too.
  { path: '/calendar', labelKey: 'nav.calendar', icon: CalendarOutlined, roles: [...OFFICIALS, ...ADMIN], page: () => import('./pages/admin/CalendarPage.tsx') },
  // Processes, the officials' inbox and the applicant's progress (issue 6).
  { path: '/flow/inbox', labelKey: 'flow.nav.inbox', icon: CarryOutOutlined, roles: OFFICIALS, page: () => import('./pages/flow/InboxPage.tsx') },
  { path: '/flow/progress', labelKey: 'flow.nav.progress', icon: FileSearchOutlined, roles: COMPANY, page: () => import('./pages/flow/ProgressPage.tsx') },
  { path: '/flow/designer', labelKey: 'flow.nav.designer', icon: ApartmentOutlined, roles: [...OFFICIALS, ...ADMIN], page: () => import('./pages/flow/DesignerPage.tsx') },
  { path: '/flow/stats', labelKey: 'flow.nav.stats', icon: FieldTimeOutlined, roles: [...OFFICIALS, ...ADMIN], page: () => import('./pages/flow/StatsPage.tsx') },
  { path: '/flow/instance', labelKey: 'flow.nav.instance', icon: ApartmentOutlined, roles: [...COMPANY, ...OFFICIALS, ...ADMIN], page: () => import('./pages/flow/InstancePage.tsx'), hidden: true },
  // The data-IP pledge and the evidence logs (issue 8).
  { path: '/pledge/assets', labelKey: 'pledge.nav.assets', icon: DatabaseOutlined, roles: [...COMPANY, 'bank', ...ADMIN], page: () => import('./pages/pledge/AssetsPage.tsx') },
  { path: '/pledge/register', labelKey: 'pledge.nav.register', icon: FileAddOutlined, roles: COMPANY, page: () => import('./pages/pledge/RegisterAssetPage.tsx') },
  { path: '/pledge/verify', labelKey: 'pledge.nav.verify', icon: SafetyCertificateOutlined, roles: ROLES, public: true, page: () => import('./pages/pledge/VerifyPage.tsx') },
  { path: '/pledge/evidence', labelKey: 'pledge.nav.evidence', icon: NodeIndexOutlined, roles: [...ADMIN, 'official', 'notary', 'judge', 'court_clerk', 'bank'], page: () => import('./pages/pledge/EvidencePage.tsx') },
  { path: '/pledge/asset', labelKey: 'pledge.nav.asset', icon: DatabaseOutlined, roles: ROLES, page: () => import('./pages/pledge/AssetPage.tsx'), hidden: true },
  // The policy life cycle: "policies for me" and the officials' claims (issue 5).
  { path: '/policy/for-me', labelKey: 'policy.nav.forMe', icon: GiftOutlined, roles: COMPANY, page: () => import('./pages/policy/ForMePage.tsx') },
  { path: '/policy/claims', labelKey: 'policy.nav.claims', icon: AccountBookOutlined, roles: [...OFFICIALS, ...ADMIN], page: () => import('./pages/policy/ClaimsPage.tsx') },
  // Supervision warnings and policy evaluation (issue 5, stages 5 and 6).
  { path: '/policy/supervision', labelKey: 'oversight.nav.supervision', icon: AlertOutlined, roles: [...OFFICIALS, ...ADMIN], page: () => import('./pages/policy/SupervisionPage.tsx') },
  { path: '/policy/evaluation', labelKey: 'oversight.nav.evaluation', icon: LineChartOutlined, roles: [...OFFICIALS, ...ADMIN], page: () => import('./pages/policy/EvaluationPage.tsx') },
  // Drafting: the unit editor with its sandbox, and public comment on drafts (issue 5, stage 1).
  { path: '/policy/drafts', labelKey: 'drafting.nav.drafts', icon: EditOutlined, roles: ['department_officer', ...ADMIN], page: () => import('./pages/policy/DraftsPage.tsx') },
  { path: '/policy/draft', labelKey: 'drafting.nav.editor', icon: EditOutlined, roles: ['department_officer', ...ADMIN], page: () => import('./pages/policy/DraftEditorPage.tsx'), hidden: true },
  { path: '/policy/consultations', labelKey: 'drafting.nav.consultations', icon: CommentOutlined, roles: ROLES, public: true, page: () => import('./pages/policy/ConsultationsPage.tsx') },
  // Market entry: licence guidance from the business scope (issue 7).
  { path: '/market/guide', labelKey: 'market.nav.guide', icon: ShopOutlined, roles: [...COMPANY, ...OFFICIALS, ...ADMIN], page: () => import('./pages/market/GuidePage.tsx') },
  // Market exit: deregistration, the public notices, monitoring (issue 7).
  { path: '/market/exit', labelKey: 'marketExit.nav.exit', icon: ShopOutlined, roles: COMPANY, page: () => import('./pages/market/ExitPage.tsx') },
  { path: '/market/exit/notices', labelKey: 'marketExit.nav.notices', icon: ShopOutlined, roles: ROLES, public: true, page: () => import('./pages/market/ExitNoticesPage.tsx') },
  // Market entry as one thing: the application after the guide, my applications with progress, corrections and certificates (issue 7).
  { path: '/market/apply', labelKey: 'marketEntry.nav.apply', icon: ShopOutlined, roles: COMPANY, hidden: true, page: () => import('./pages/market/ApplyPage.tsx') },
  { path: '/market/applications', labelKey: 'marketEntry.nav.applications', icon: ShopOutlined, roles: COMPANY, page: () => import('./pages/market/ApplicationsPage.tsx') },
  // Market entry: the public check of a certificate (its QR code opens /market/verify/<number>).
  { path: '/market/verify', labelKey: 'marketEntry.nav.verify', icon: SafetyCertificateOutlined, roles: ROLES, public: true, hidden: true, page: () => import('./pages/market/CertificateVerifyPage.tsx') },
  { path: '/market/monitoring', labelKey: 'marketExit.nav.monitoring', icon: BarChartOutlined, roles: [...OFFICIALS, ...ADMIN], page: () => import('./pages/market/MonitoringPage.tsx') },
  { path: '/market/exit/cases', labelKey: 'marketExit.navExtra.cases', icon: ShopOutlined, roles: [...OFFICIALS, ...ADMIN], page: () => import('./pages/market/ExitCasesPage.tsx') },
  { path: '/market/agents', labelKey: 'marketExit.navExtra.agents', icon: TeamOutlined, roles: [...COMPANY, ...OFFICIALS, ...ADMIN], page: () => import('./pages/market/AgentsPage.tsx') },
  { path: '/account', labelKey: 'nav.account', icon: UserOutlined, roles: ROLES, page: () => import('./pages/AccountPage.tsx') },
];

/** The entries a role may open, in menu order. */
export function navFor(role: Role, entries: readonly NavEntry[] = NAV): NavEntry[] {
  return entries.filter((entry) => entry.roles.includes(role));
}

/** Where a role lands after login: companies on the portal, officials on the workbench, admins in /admin. */
export function homePathFor(role: Role): string {
  if (COMPANY.includes(role)) return '/portal';
  if (OFFICIALS.includes(role)) return '/workbench';
  if (ADMIN.includes(role)) return '/admin';
  return '/account';
}

/** The first page under `prefix` that a role may open (e.g. `/admin` → `/admin/audit`), or undefined. */
export function firstPathUnder(prefix: string, role: Role): string | undefined {
  return navFor(role).find((entry) => entry.path.startsWith(`${prefix}/`))?.path;
}

/** The public page at `pathname`, if any: opened without login. */
export function publicEntryAt(pathname: string, entries: readonly NavEntry[] = NAV): NavEntry | undefined {
  return entries.find((entry) => entry.public === true && (entry.path === pathname || (entry.path === '/market/verify' && pathname.startsWith('/market/verify/'))));
}
