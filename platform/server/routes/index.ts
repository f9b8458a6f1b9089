// The reference platform's route groups, registered in this order. EXTENSION POINT: a domain
// (e.g. payments) adds one file here exporting a `PlatformRoutes` function, and one line below.
// Kiosk routes use `kioskRoute(ctx)` (signature checked on the headers, body limit), admin routes
// `adminRoute(ctx)`: both refuse before the body is read.
import type { PlatformRoutes } from '../routeContext';
import { adminRoutes } from './admin';
import { configRoutes } from './configAndCatalog';
import { eventRoutes } from './events';
import { healthRoutes } from './health';
import { heartbeatRoutes } from './heartbeat';
import { provisionRoutes } from './provision';
import { referenceRoutes } from './reference';
import { paymentRoutes } from './payments';
import { proofIssuingRoutes } from './proofIssuing';
import { certificatePickupRoutes } from './certificatePickup';
import { caseRoutes } from './cases';
import { adminCaseRoutes } from './adminCases';
import { monitoringRoutes } from './monitoring';
import { loadtestRoutes } from './loadtest';

export const platformRoutes: readonly PlatformRoutes[] = [
  healthRoutes,
  provisionRoutes,
  eventRoutes,
  heartbeatRoutes,
  configRoutes,
  referenceRoutes,
  adminRoutes,
  paymentRoutes, // notices, QR orders and the gateway simulator (docs/payments-qr.md)
  proofIssuingRoutes, // proofs issued to the citizen whose card the kiosk read (打印证明)
  certificatePickupRoutes, // certificates ready for collection, quota consumed by printed events (取证)
  caseRoutes, // case status by number or ID card, case fees payable later (查询, 缴费)
  adminCaseRoutes, // the case back office: lists, audit trail, lifecycle moves
  monitoringRoutes, // alerts (list, acknowledge, resolve), cash journal replicas, cash box collections
  loadtestRoutes, // bulk provisioning of simulated kiosks, refused unless enabled (load tests only)
];
