// The reference platform's route groups, registered in this order. EXTENSION POINT: a domain
// (e.g. payments) adds one file here exporting a `PlatformRoutes` function, and one line below.
// Kiosk routes use `kioskRoute(ctx)` (signature checked on the headers, body limit), admin routes
// `adminRoute(ctx)`: both refuse before the body is read.
import type { PlatformRoutes } from '../routeContext';
import { adminRoutes } from './admin';
import { bundleRoutes } from './bundles';
import { configRoutes } from './configAndCatalog';
import { eventRoutes } from './events';
import { healthRoutes } from './health';
import { heartbeatRoutes } from './heartbeat';
import { provisionRoutes } from './provision';
import { referenceRoutes } from './reference';
import { paymentRoutes } from './payments';
import { proofIssuingRoutes } from './proofIssuing';
import { certificatePickupRoutes } from './certificatePickup';

export const platformRoutes: readonly PlatformRoutes[] = [
  healthRoutes,
  provisionRoutes,
  eventRoutes,
  heartbeatRoutes,
  configRoutes,
  bundleRoutes, // signed config/catalog bundles for the fleet (docs/fleet.md)
  referenceRoutes,
  adminRoutes,
  paymentRoutes, // notices, QR orders and the gateway simulator (docs/payments-qr.md)
  proofIssuingRoutes, // proofs issued to the citizen whose card the kiosk read (打印证明)
  certificatePickupRoutes, // certificates ready for collection, quota consumed by printed events (取证)
];
