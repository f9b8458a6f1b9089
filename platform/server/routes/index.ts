// The reference platform's route groups, registered in this order. EXTENSION POINT: a domain
// (e.g. payments) adds one file here exporting a `PlatformRoutes` function, and one line below.
// Kiosk routes use `kioskRoute(ctx)` (signature checked on the headers, body limit); admin routes
// are declared in platform/api and registered with `registerAdminEndpoint` (older ones use
// `adminRoute(ctx, permission)`): all refuse before the body is read.
import type { PlatformRoutes } from '../routeContext';
import { accountRoutes } from './accounts';
import { adminRoutes } from './admin';
import { bundleRoutes } from './bundles';
import { auditRoutes } from './audit';
import { consoleRoutes } from './console';
import { eventRoutes } from './events';
import { fleetRoutes } from './fleet';
import { fleetAdminRoutes } from './fleetAdmin';
import { rolloutRoutes } from './rollouts';
import { healthRoutes } from './health';
import { heartbeatRoutes } from './heartbeat';
import { provisionRoutes } from './provision';
import { referenceRoutes } from './reference';
import { releaseRoutes } from './releases';
import { sessionRoutes } from './session';
import { paymentRoutes } from './payments';
import { proofIssuingRoutes } from './proofIssuing';
import { certificatePickupRoutes } from './certificatePickup';
import { identityVerificationRoutes } from './identityVerification';
import { diagnosticsRoutes } from '../diagnostics/diagnosticsUploads';
import { caseRoutes } from './cases';
import { adminCaseRoutes } from './adminCases';
import { monitoringRoutes } from './monitoring';
import { loadtestRoutes } from './loadtest';
import { helpRoutes } from './help';

export const platformRoutes: readonly PlatformRoutes[] = [
  healthRoutes,
  provisionRoutes,
  eventRoutes,
  heartbeatRoutes,
  bundleRoutes, // signed config and catalog bundles, /v1/catalog among them (docs/fleet.md)
  releaseRoutes, // app releases: upload, publish, the generic provider's folders (ADR 0016)
  referenceRoutes,
  adminRoutes,
  fleetAdminRoutes, // the twin, setting groups, a kiosk's commands (docs/fleet.md)
  rolloutRoutes, // rollouts, groups, bundles and remote commands for the console (docs/fleet.md)
  paymentRoutes, // notices, QR orders and the gateway simulator (docs/payments-qr.md)
  proofIssuingRoutes, // proofs issued to the citizen whose card the kiosk read (打印证明)
  certificatePickupRoutes, // certificates ready for collection, quota consumed by printed events (取证)
  identityVerificationRoutes, // 人证核验: a live photo against the simulated authority's photo, nothing stored (ADR 0019)
  diagnosticsRoutes, // diagnostics bundles uploaded by kiosks (docs/technicians.md)
  caseRoutes, // case status by number or ID card, case fees payable later (查询, 缴费)
  adminCaseRoutes, // the case back office: lists, audit trail, lifecycle moves
  monitoringRoutes, // alerts (list, acknowledge, resolve), cash journal replicas, cash box collections
  loadtestRoutes, // bulk provisioning of simulated kiosks, refused unless enabled (load tests only)
  sessionRoutes, // console sign-in, sign-out, own password (docs/console.md)
  accountRoutes, // admin accounts and API tokens
  auditRoutes, // the audit log
  fleetRoutes, // fleet overview, kiosk list and pages, kiosk tags
  consoleRoutes, // the console's static files under /console/
  helpRoutes, // where citizens struggle: anonymous per-step counts (#16 item 15)
];
