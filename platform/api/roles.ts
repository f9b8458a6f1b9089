// Who may do what on the platform's admin API and in the fleet console. Three roles, each holding
// every permission of the one below; a route (and a console page or button) names the permission
// it needs, never a role. Pure: the server enforces it, the console uses it to show only what works.
import { z } from 'zod';

export const AdminRole = z.enum([
  'viewer', // reads the fleet: overview, kiosk list, kiosk pages (no personal data anywhere)
  'operator', // viewer + acts on kiosks (tags, remote commands, provisioning codes), stops rollouts, reads the audit log
  'publisher', // operator + publishes config/catalog and rolls it out, manages admin accounts and tokens, platform tools
]);
export type AdminRole = z.infer<typeof AdminRole>;

const ROLE_RANK: Readonly<Record<AdminRole, number>> = { viewer: 1, operator: 2, publisher: 3 };

/**
 * Every permission and the least role that holds it. EXTENSION POINT: a new admin capability
 * (alerts, cases, rollouts) adds one line here, then names it in its endpoints and pages.
 */
export const PERMISSIONS = {
  /** fleet overview, kiosk list and kiosk pages (devices, queue, versions, events without PII) */
  'fleet.read': 'viewer',
  /** set a kiosk's region, level, site and hardware tags */
  'kiosk.tag': 'operator',
  /** queue a remote command for one kiosk */
  'kiosk.command': 'operator',
  /** create one-time provisioning codes for new kiosks */
  'kiosk.provision': 'operator',
  /** the alerts inbox: alerts with their audit trail (no personal data) */
  'alerts.read': 'viewer',
  /** acknowledge and resolve alerts */
  'alerts.handle': 'operator',
  /** the case back office: cases with their audit trail (masked names, never an ID number) */
  'cases.read': 'operator',
  /** move a case through its lifecycle (accept, review, approve or reject, ready for pickup) */
  'cases.move': 'operator',
  /** read the audit log */
  'audit.read': 'operator',
  /** pause, cancel or abort a rollout (whoever is on duty must be able to stop a bad one) */
  'rollout.stop': 'operator',
  /** publish signed config and catalog bundles; create and resume rollouts */
  'config.publish': 'publisher',
  /** create admin accounts, change roles, disable, unlock, reset passwords, issue and revoke API tokens */
  'accounts.manage': 'publisher',
  /** raw event stream (it carries PII), fault injection and the payment gateway simulator: test, demo and break-glass tools */
  'platform.admin': 'publisher',
} as const satisfies Record<string, AdminRole>;
export type Permission = keyof typeof PERMISSIONS;

export function roleAllows(role: AdminRole, permission: Permission): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[PERMISSIONS[permission]];
}

/** Every permission a role holds, for the session answer (the console hides what would be refused). */
export function permissionsOf(role: AdminRole): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleAllows(role, p));
}

/** Who may call an endpoint: anyone (login), any signed-in account, or holders of a permission. */
export type Access = { readonly kind: 'public' } | { readonly kind: 'signedIn' } | { readonly kind: 'permission'; readonly permission: Permission };
