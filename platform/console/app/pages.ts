// THE PAGE REGISTRY: every console page, its path under /console/, the permission it needs, its
// strings (one i18n namespace per page) and its component, loaded when first opened. The
// navigation, the router and the i18n layer are built from this list. EXTENSION POINT: a new page
// (alerts inbox, case back office, rollouts, commands) is a folder in pages/ and one entry here
// (docs/console.md).
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Permission } from '../../api/roles';
import type { Strings } from '../i18n';
import * as accountsStrings from '../pages/accounts/strings';
import * as alertsStrings from '../pages/alerts/strings';
import * as auditStrings from '../pages/audit/strings';
import * as casesStrings from '../pages/cases/strings';
import * as commandsStrings from '../pages/commands/strings';
import * as kiosksStrings from '../pages/kiosks/strings';
import * as overviewStrings from '../pages/overview/strings';
import * as rolloutsStrings from '../pages/rollouts/strings';
import * as strugglesStrings from '../pages/struggles/strings';

export interface ConsolePage {
  readonly id: string;
  /** Path under /console (a wouter pattern, e.g. `/kiosks/:kioskId`). */
  readonly path: string;
  /** Who sees the page (and its navigation entry); the API enforces the same permission. */
  readonly permission: Permission;
  /** Listed in the navigation, labelled by its namespace's `title`; absent = reached by links. */
  readonly inNavigation: boolean;
  /** i18n namespace of the page's strings (`t('key', { ns })` or `useTranslation(ns)`). */
  readonly namespace: string;
  readonly strings: Strings;
  readonly component: LazyExoticComponent<ComponentType>;
}

export const CONSOLE_PAGES: readonly ConsolePage[] = [
  { id: 'overview', path: '/', permission: 'fleet.read', inNavigation: true, namespace: 'overview', strings: overviewStrings, component: lazy(() => import('../pages/overview/OverviewPage')) },
  { id: 'kiosks', path: '/kiosks', permission: 'fleet.read', inNavigation: true, namespace: 'kiosks', strings: kiosksStrings, component: lazy(() => import('../pages/kiosks/KioskListPage')) },
  { id: 'kiosk', path: '/kiosks/:kioskId', permission: 'fleet.read', inNavigation: false, namespace: 'kiosks', strings: kiosksStrings, component: lazy(() => import('../pages/kiosks/KioskPage')) },
  { id: 'alerts', path: '/alerts', permission: 'alerts.read', inNavigation: true, namespace: 'alerts', strings: alertsStrings, component: lazy(() => import('../pages/alerts/AlertsPage')) },
  { id: 'cases', path: '/cases', permission: 'cases.read', inNavigation: true, namespace: 'cases', strings: casesStrings, component: lazy(() => import('../pages/cases/CasesPage')) },
  { id: 'rollouts', path: '/rollouts', permission: 'fleet.read', inNavigation: true, namespace: 'rollouts', strings: rolloutsStrings, component: lazy(() => import('../pages/rollouts/RolloutsPage')) },
  { id: 'rollout', path: '/rollouts/:rolloutId', permission: 'fleet.read', inNavigation: false, namespace: 'rollouts', strings: rolloutsStrings, component: lazy(() => import('../pages/rollouts/RolloutPage')) },
  { id: 'commands', path: '/commands', permission: 'fleet.read', inNavigation: true, namespace: 'commands', strings: commandsStrings, component: lazy(() => import('../pages/commands/CommandsPage')) },
  { id: 'audit', path: '/audit', permission: 'audit.read', inNavigation: true, namespace: 'audit', strings: auditStrings, component: lazy(() => import('../pages/audit/AuditPage')) },
  { id: 'struggles', path: '/struggles', permission: 'alerts.read', inNavigation: true, namespace: 'struggles', strings: strugglesStrings, component: lazy(() => import('../pages/struggles/StrugglesPage')) },
  { id: 'accounts', path: '/accounts', permission: 'accounts.manage', inNavigation: true, namespace: 'accounts', strings: accountsStrings, component: lazy(() => import('../pages/accounts/AccountsPage')) },
];

/** Every page namespace with its strings, for the i18n layer. */
export function pageNamespaces(): Record<string, Strings> {
  return Object.fromEntries(CONSOLE_PAGES.map((p) => [p.namespace, p.strings]));
}
