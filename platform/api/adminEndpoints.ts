// Every admin endpoint declared in platform/api, in one list: the server registers each, and the
// admin section of platform/openapi.yaml is generated from it (scripts/generateAdminOpenApi.ts).
// EXTENSION POINT: a new admin domain (alerts, cases, rollouts) adds its module's list here.
import { ACCOUNT_ENDPOINTS } from './accounts';
import { ALERT_ENDPOINTS } from './alerts';
import { AUDIT_ENDPOINTS } from './audit';
import { CASE_ENDPOINTS } from './cases';
import type { EndpointDefinition } from './endpoint';
import { FLEET_ENDPOINTS } from './fleet';
import { ROLLOUT_ENDPOINTS } from './rollouts';
import { HELP_ENDPOINTS } from './help';
import { SESSION_ENDPOINTS } from './session';

export const ADMIN_ENDPOINTS: readonly EndpointDefinition[] = [...SESSION_ENDPOINTS, ...ACCOUNT_ENDPOINTS, ...AUDIT_ENDPOINTS, ...FLEET_ENDPOINTS, ...ALERT_ENDPOINTS, ...CASE_ENDPOINTS, ...ROLLOUT_ENDPOINTS, ...HELP_ENDPOINTS];
